import { startWorker, type Worker } from "./worker.ts";

const globalForWorker = globalThis as unknown as { worker?: Promise<Worker> };

/** One worker per server process; on SIGTERM/SIGINT its runs end `interrupted` before the process exits. */
export async function startInProcessWorker(): Promise<void> {
  if (globalForWorker.worker) return;
  globalForWorker.worker = startWorker();
  const worker = await globalForWorker.worker;
  console.log(`worker ${worker.id} started (workspaces in ${worker.workspaceRoot})`);
  const stop = () => void worker.stop().catch((error) => console.error("worker stop:", error));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
