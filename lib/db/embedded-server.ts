import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { logger } from "../logger.ts";

/**
 * Serves one PGlite database to several processes over a unix socket, speaking the Postgres wire
 * protocol. PGlite is a single session, so connections take turns: a connection holds the database
 * from the first message of a batch until its Sync or simple Query completes, and for as long as a
 * transaction it opened stays open. A connection that goes away mid-transaction is rolled back.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const SOCKET_PORT = 5432;
const MAX_SOCKET_PATH = 100;

export interface EmbeddedServer {
  readonly db: PGlite;
  readonly socketDir: string;
  readonly connection: { host: string; port: number; user: string; database: string };
  readonly url: string;
  /** The longest a connection has waited for its turn so far, in ms. */
  longestTurnWaitMs(): number;
  close(): Promise<void>;
}

/** Where the socket of the database stored in `dataDir` lives (short enough for a unix socket path). */
export function embeddedSocketDir(dataDir: string): string {
  const inDataDir = path.join(dataDir, "run");
  if (path.join(inDataDir, `.s.PGSQL.${SOCKET_PORT}`).length <= MAX_SOCKET_PATH) return inDataDir;
  const digest = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `orch-${digest}`);
}

export function embeddedConnection(socketDir: string) {
  return { host: socketDir, port: SOCKET_PORT, user: "postgres", database: "postgres" };
}

export function embeddedUrl(socketDir: string): string {
  return `postgresql://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(socketDir)}`;
}

class DatabaseTurns {
  private holder: Connection | null = null;
  private waiting: Array<{ connection: Connection; grant: () => void }> = [];
  /** The longest any connection waited for its turn, in ms: how busy the one session got. */
  longestWaitMs = 0;

  holds(connection: Connection): boolean {
    return this.holder === connection;
  }

  async acquire(connection: Connection): Promise<void> {
    if (this.holder === connection) return;
    if (this.holder === null) {
      this.holder = connection;
      return;
    }
    const asked = performance.now();
    await new Promise<void>((grant) => this.waiting.push({ connection, grant }));
    this.longestWaitMs = Math.max(this.longestWaitMs, performance.now() - asked);
  }

  release(connection: Connection): void {
    if (this.holder !== connection) {
      this.waiting = this.waiting.filter((entry) => entry.connection !== connection);
      return;
    }
    const next = this.waiting.shift();
    this.holder = next?.connection ?? null;
    next?.grant();
  }
}

class Connection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private processing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly db: PGlite,
    private readonly turns: DatabaseTurns,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.processing = this.processing.then(() => this.drain()).catch((error) => this.fail(error));
    });
    socket.on("close", () => void this.onClose());
    socket.on("error", () => socket.destroy());
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const message = this.nextMessage();
      if (!message) return;
      if (!this.started) {
        const code = message.readInt32BE(4);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write("N");
          continue;
        }
        if (code === CANCEL_REQUEST) {
          this.socket.end();
          return;
        }
        this.started = true;
        await this.exchange(message, true);
        continue;
      }
      const type = String.fromCharCode(message[0]!);
      if (type === "X") {
        await this.leave();
        this.socket.end();
        return;
      }
      await this.exchange(message, type === "S" || type === "Q");
    }
  }

  private nextMessage(): Buffer | null {
    const headerLength = this.started ? 5 : 4;
    if (this.buffer.length < headerLength) return null;
    const length = this.started ? 1 + this.buffer.readInt32BE(1) : this.buffer.readInt32BE(0);
    if (this.buffer.length < length) return null;
    const message = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return message;
  }

  private async exchange(message: Buffer, endsBatch: boolean): Promise<void> {
    await this.turns.acquire(this);
    const replies: Uint8Array[] = [];
    await this.db.runExclusive(() =>
      // Copied at once: `data` is a view into PGlite's memory, which later output or a memory growth reuses.
      this.db.execProtocolRawStream(new Uint8Array(message), { onRawData: (data) => replies.push(Buffer.from(data)) }),
    );
    if (replies.length > 0 && !this.socket.destroyed) this.socket.write(Buffer.concat(replies));
    if (endsBatch) this.endTurn();
  }

  /** Ends a batch: the turn passes on unless this connection's transaction is still open. */
  private endTurn(): void {
    if (!this.db.isInTransaction()) this.turns.release(this);
  }

  /**
   * The connection goes away (Terminate, or its socket closed). The session's open transaction is
   * this connection's only while it holds the turn — any other time it belongs to the holder, whom a
   * ROLLBACK here would silently end — so only the holder rolls back, and the others just step out.
   */
  private async leave(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.turns.holds(this) && this.db.isInTransaction()) {
      await this.db.exec("ROLLBACK").catch((error) => logger.error({ err: error }, "embedded database: rollback failed"));
    }
    this.turns.release(this);
  }

  private async onClose(): Promise<void> {
    // A batch still in flight finishes first, so its turn is known before the connection leaves.
    await this.processing.catch(() => undefined);
    await this.leave();
  }

  private fail(error: unknown): void {
    logger.error({ err: error }, "embedded database: connection failed");
    this.socket.destroy();
  }
}

/**
 * Opens (or creates) the PGlite database in `dataDir` — in memory when `dataDir` is null — and serves
 * it on a unix socket only the current user can reach.
 */
export async function startEmbeddedServer(options: {
  dataDir: string | null;
  socketDir: string;
}): Promise<EmbeddedServer> {
  const db = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  mkdirSync(options.socketDir, { recursive: true, mode: 0o700 });
  chmodSync(options.socketDir, 0o700);
  const socketPath = path.join(options.socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  rmSync(socketPath, { force: true });

  const turns = new DatabaseTurns();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    new Connection(socket, db, turns);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o600);

  return {
    db,
    socketDir: options.socketDir,
    connection: embeddedConnection(options.socketDir),
    url: embeddedUrl(options.socketDir),
    longestTurnWaitMs: () => turns.longestWaitMs,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      rmSync(socketPath, { force: true });
      await db.close();
    },
  };
}
