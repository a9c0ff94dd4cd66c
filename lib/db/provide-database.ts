import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { env } from "../env.mjs";
import { processRecord, recordedProcessAlive } from "../process-alive.ts";
import { databaseKind, type DatabaseKind } from "./config.ts";
import { embeddedSocketDir, startEmbeddedServer, type EmbeddedServer } from "./embedded-server.ts";

export interface ProvidedDatabase {
  kind: DatabaseKind;
  /** The embedded server when this process owns DATA_DIR's database; null when it is Postgres or served by another process. */
  embedded: EmbeddedServer | null;
  close(): Promise<void>;
}

function socketAnswers(socketDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(path.join(socketDir, ".s.PGSQL.5432"));
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Takes DATA_DIR's database lock for this process, clearing a lock left by a process that died. */
function takeLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      writeSync(fd, processRecord());
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readFileSync(lockPath, "utf8");
      if (recordedProcessAlive(owner)) {
        throw new Error(`The embedded database in ${env.DATA_DIR} is owned by process ${owner.split(" ")[0]}, which does not answer.`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${env.DATA_DIR}.`);
}

/**
 * Makes the configured database reachable from this process. Postgres needs nothing; the embedded
 * database is served by whichever process owns DATA_DIR — this one, unless another already does.
 */
export async function provideDatabase(options: { requireOwnership?: boolean } = {}): Promise<ProvidedDatabase> {
  const kind = databaseKind();
  if (kind === "postgres") return { kind, embedded: null, close: async () => {} };

  const socketDir = embeddedSocketDir(env.DATA_DIR);
  if (await socketAnswers(socketDir)) {
    if (options.requireOwnership) {
      throw new Error(`Another process already serves the embedded database in ${env.DATA_DIR}; stop it first.`);
    }
    return { kind, embedded: null, close: async () => {} };
  }
  mkdirSync(env.DATA_DIR, { recursive: true });
  const releaseLock = takeLock(path.join(env.DATA_DIR, "pglite.lock"));
  try {
    const embedded = await startEmbeddedServer({ dataDir: path.join(env.DATA_DIR, "pglite"), socketDir });
    return {
      kind,
      embedded,
      async close() {
        await embedded.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}
