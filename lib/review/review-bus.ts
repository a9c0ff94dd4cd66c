import { runBus } from "../runs/logs/run-bus.ts";

/** Wakes whoever shows a task's reviews and merge conditions. */
export function notifyReviewChanged(taskId: string): void {
  runBus.emit(`review:${taskId}`);
}

export function onReviewChanged(taskId: string, listener: () => void): () => void {
  runBus.on(`review:${taskId}`, listener);
  return () => runBus.off(`review:${taskId}`, listener);
}
