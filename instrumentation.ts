// Next.js calls register() once when the server starts. `npm start` asks for the in-process worker
// (ORCH_WORKER=in-process), so spawned runs start without polling delay and their logs reach the
// browser through this process's run bus; without it the server still reconciles dead workers' runs.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerDuties } = await import("./lib/worker/server-duties");
  await startServerDuties({ inProcessWorker: process.env.ORCH_WORKER === "in-process" });
}
