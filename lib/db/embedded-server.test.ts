import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { embeddedSocketDir, startEmbeddedServer, type EmbeddedServer } from "./embedded-server.ts";

// Self-contained: its own in-memory server, whichever database the project uses.
let dataDir: string;
let server: EmbeddedServer;
// A server stuck behind a transaction nobody will finish cannot be closed either: then leave it be.
let wedged = false;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "embedded-server-test-"));
  server = await startEmbeddedServer({ dataDir: null, socketDir: embeddedSocketDir(dataDir) });
  await server.db.exec(`
    CREATE TABLE hits (pool text NOT NULL, n int NOT NULL);
    CREATE TABLE transfers (id int PRIMARY KEY, pool text NOT NULL);
    CREATE TABLE markers (label text NOT NULL);
  `);
});

afterAll(async () => {
  if (!wedged) await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const QUERIES_PER_POOL = 1000;
const TRANSACTIONS_PER_POOL = 50;
const rolledBack = (id: number) => id % 4 === 0;

async function runTransaction(pool: pg.Pool, name: string, id: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("INSERT INTO transfers (id, pool) VALUES ($1, $2)", [id, name]);
    // Another query inside the transaction, so other connections must wait for the whole of it.
    await client.query("SELECT count(*) FROM transfers WHERE pool = $1", [name]);
    await client.query(rolledBack(id) ? "ROLLBACK" : "COMMIT");
  } finally {
    client.release();
  }
}

/** One pool's share: its queries with its transactions spread among them, all in flight at once. */
async function hammer(pool: pg.Pool, name: string, transactionIds: number[]): Promise<void> {
  const work: Array<Promise<unknown>> = [];
  const queriesBetweenTransactions = QUERIES_PER_POOL / transactionIds.length;
  for (let n = 0; n < QUERIES_PER_POOL; n++) {
    work.push(pool.query("INSERT INTO hits (pool, n) VALUES ($1, $2)", [name, n]));
    const transactionId = transactionIds[n / queriesBetweenTransactions];
    if (transactionId !== undefined) work.push(runTransaction(pool, name, transactionId));
  }
  await Promise.all(work);
}

test("two pools interleaving 2×1,000 queries and 100 transactions see exact counts", async () => {
  const pools = ["a", "b"].map((name) => ({ name, pool: new pg.Pool({ ...server.connection, max: 5 }) }));
  try {
    const transactionIds = pools.map((_, index) =>
      Array.from({ length: TRANSACTIONS_PER_POOL }, (_, k) => index * TRANSACTIONS_PER_POOL + k),
    );
    await Promise.all(pools.map(({ pool, name }, index) => hammer(pool, name, transactionIds[index]!)));

    const hits = await server.db.query<{ pool: string; count: number; distinct_n: number }>(
      "SELECT pool, count(*)::int AS count, count(DISTINCT n)::int AS distinct_n FROM hits GROUP BY pool ORDER BY pool",
    );
    expect(hits.rows).toEqual([
      { pool: "a", count: QUERIES_PER_POOL, distinct_n: QUERIES_PER_POOL },
      { pool: "b", count: QUERIES_PER_POOL, distinct_n: QUERIES_PER_POOL },
    ]);
    const transfers = await server.db.query<{ id: number }>("SELECT id FROM transfers ORDER BY id");
    const committed = transactionIds.flat().filter((id) => !rolledBack(id));
    expect(transfers.rows.map(({ id }) => id)).toEqual(committed);
    expect(committed).toHaveLength(75);
  } finally {
    await Promise.all(pools.map(({ pool }) => pool.end()));
  }
});

const ROLLBACK_WAIT_MS = 5_000;

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const settled = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(settled, settled);
  });
}

test("a client that disconnects mid-transaction is rolled back and the others carry on", async () => {
  const leaving = new pg.Client(server.connection);
  leaving.on("error", () => {});
  await leaving.connect();
  await leaving.query("BEGIN");
  await leaving.query("INSERT INTO markers (label) VALUES ('abandoned')");

  const other = new pg.Pool({ ...server.connection, max: 2 });
  const waiting = other.query("INSERT INTO markers (label) VALUES ('after')");
  // The open transaction holds the single PGlite session, so the others wait for their turn.
  expect(await settlesWithin(waiting, 200)).toBe(false);
  leaving.connection.stream.destroy();
  if (!(await settlesWithin(waiting, ROLLBACK_WAIT_MS))) {
    wedged = true;
    expect.fail("the abandoned transaction was not rolled back: other connections still wait for their turn");
  }
  await waiting;

  const markers = await other.query<{ label: string }>("SELECT label FROM markers ORDER BY label");
  expect(markers.rows).toEqual([{ label: "after" }]);
  expect(server.db.isInTransaction()).toBe(false);
  await other.end();
});

test("large results arrive whole, also while another pool writes", async () => {
  const reader = new pg.Pool({ ...server.connection, max: 2 });
  const writer = new pg.Pool({ ...server.connection, max: 2 });
  try {
    await writer.query("CREATE TABLE wide (n int, payload text)");
    await writer.query("INSERT INTO wide SELECT n, repeat('x', 200) || n FROM generate_series(1, 20000) AS n");
    const writes = Promise.all(Array.from({ length: 50 }, (_, n) => writer.query("INSERT INTO wide VALUES ($1, 'late')", [-n])));
    const reads = await Promise.all(
      Array.from({ length: 4 }, () => reader.query<{ n: number; payload: string }>("SELECT n, payload FROM wide WHERE n > 0 ORDER BY n")),
    );
    await writes;
    for (const { rows } of reads) {
      expect(rows).toHaveLength(20_000);
      expect(rows.at(-1)).toEqual({ n: 20_000, payload: `${"x".repeat(200)}20000` });
    }
  } finally {
    await reader.end();
    await writer.end();
  }
});

test("a client that disconnects while another's transaction is open leaves that transaction alone", async () => {
  await server.db.exec("CREATE TABLE isolated (n int NOT NULL)");
  const bystander = new pg.Client(server.connection);
  await bystander.connect();
  const owner = new pg.Client(server.connection);
  await owner.connect();
  try {
    await owner.query("BEGIN");
    await owner.query("INSERT INTO isolated VALUES (1)");
    await bystander.end(); // sends Terminate while the owner's transaction is open
    await owner.query("INSERT INTO isolated VALUES (2)");
    const notices: string[] = [];
    owner.on("notice", (notice) => notices.push(notice.message ?? ""));
    await owner.query("ROLLBACK");
    expect(notices).toEqual([]);
    const rows = await owner.query("SELECT n FROM isolated");
    expect(rows.rows).toEqual([]);
  } finally {
    await owner.end();
  }
});
