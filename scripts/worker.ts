// npm run worker: a standalone worker against the configured database (a shared Postgres, or the
// embedded database served by `npm start` on this machine). Several can run at once, each with its
// own workspace directory under DATA_DIR/workspaces.
async function main(): Promise<void> {
  const { provideDatabase } = await import("../lib/db/provide-database.ts");
  const { startWorker } = await import("../lib/worker/worker.ts");
  const { stopBoss } = await import("../lib/queue/boss.ts");
  const { prisma } = await import("../lib/db/client.ts");

  const database = await provideDatabase();
  const worker = await startWorker({ capacity: Number(process.env.WORKER_CONCURRENCY ?? 8) });
  console.log(`worker ${worker.id} started on ${database.kind}; workspaces in ${worker.workspaceRoot}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await stopBoss();
    await prisma.$disconnect();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`The worker could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

export {};
