// Next.js calls register() once when the server starts. `npm start` asks for the in-process worker
// (ORCH_WORKER=in-process), so spawned runs start without polling delay and their logs reach the
// browser through this process's run bus.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.ORCH_WORKER !== "in-process") return;
  const { startInProcessWorker } = await import("./lib/queue/in-process-worker");
  await startInProcessWorker();
}
