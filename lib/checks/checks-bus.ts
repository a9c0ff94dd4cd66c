import { runBus } from "../runs/logs/run-bus.ts";

/** Wakes whoever shows a task's checks (the task's event stream): its checks changed. */
export function notifyChecksChanged(taskId: string): void {
  runBus.emit(`checks:${taskId}`);
}

export function onChecksChanged(taskId: string, listener: () => void): () => void {
  runBus.on(`checks:${taskId}`, listener);
  return () => runBus.off(`checks:${taskId}`, listener);
}
