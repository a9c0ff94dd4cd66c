// Serves an in-memory embedded database on DATA_DIR's socket from its own process, as `npm start`'s
// supervisor does for the server; prints "ready" once migrated. Used by bench/runs.ts.
const { embeddedSocketDir, startEmbeddedServer } = await import("../lib/db/embedded-server.ts");
const { applyMigrations } = await import("../lib/db/migrate.ts");
const server = await startEmbeddedServer({ dataDir: null, socketDir: embeddedSocketDir(process.env.DATA_DIR!) });
await applyMigrations({ kind: "pglite", db: server.db });
console.log("ready");
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));

export {};
