import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { seededRandom } from "../testing/seeded-random.ts";
import { embeddedSocketDir, startEmbeddedServer, type EmbeddedServer } from "./embedded-server.ts";

// Many clients interleave transactions with every way a connection can end one — commit, rollback, an
// error inside it, Terminate or a dropped socket mid-transaction — and with pipelined batches sent
// in one write. Whatever the interleaving, a transaction is atomic and no other client's leaving
// touches it: the table ends holding exactly the rows of the transactions that answered COMMIT.
const SEED = 20261202;
const CLIENTS = 6;
const ROUNDS_PER_CLIENT = 40;

let dataDir: string;
let server: EmbeddedServer;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "embedded-interleaving-"));
  server = await startEmbeddedServer({ dataDir: null, socketDir: embeddedSocketDir(dataDir) });
  await server.db.exec("CREATE TABLE ledger (id int PRIMARY KEY, client int NOT NULL)");
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

function frame(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
const cString = (text: string) => Buffer.from(`${text}\0`, "utf8");
const simpleQuery = (sql: string) => frame("Q", cString(sql));
const extendedQuery = (sql: string) =>
  Buffer.concat([
    frame("P", Buffer.concat([cString(""), cString(sql), Buffer.from([0, 0])])),
    frame("B", Buffer.concat([cString(""), cString(""), Buffer.from([0, 0, 0, 0, 0, 0])])),
    frame("E", Buffer.concat([cString(""), Buffer.alloc(4)])),
  ]);
const SYNC = frame("S", Buffer.alloc(0));

/** A bare protocol client: sends a whole pipeline in one write and counts ReadyForQuery and errors. */
async function rawPipeline(write: Buffer, expectedReady: number): Promise<{ errors: number }> {
  const socket = net.connect(path.join(server.socketDir, ".s.PGSQL.5432"));
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const params = Buffer.concat([cString("user"), cString("postgres"), cString("database"), cString("postgres"), Buffer.from([0])]);
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4);
  let buffer = Buffer.alloc(0);
  let ready = 0;
  let errors = 0;
  const done = new Promise<void>((resolve, reject) => {
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 5 && buffer.length >= 1 + buffer.readInt32BE(1)) {
        const type = String.fromCharCode(buffer[0]!);
        buffer = buffer.subarray(1 + buffer.readInt32BE(1));
        if (type === "E") errors++;
        if (type === "Z" && ++ready === 1) socket.write(write);
        if (ready === expectedReady + 1) resolve();
      }
    });
  });
  socket.write(Buffer.concat([startup, params]));
  await done;
  socket.end(frame("X", Buffer.alloc(0)));
  return { errors };
}

type Outcome = "commit" | "rollback" | "error" | "terminate" | "drop" | "pipelined-simple" | "pipelined-extended" | "pipelined-failing";
const OUTCOMES: Outcome[] = ["commit", "rollback", "error", "terminate", "drop", "pipelined-simple", "pipelined-extended", "pipelined-failing"];

async function connectedClient(): Promise<pg.Client> {
  const client = new pg.Client(server.connection);
  client.on("error", () => {});
  await client.connect();
  return client;
}

async function playClient(index: number, committed: Set<number>): Promise<void> {
  const random = seededRandom(SEED + index);
  let client = await connectedClient();
  let nextId = index * 100_000;
  for (let round = 0; round < ROUNDS_PER_CLIENT; round++) {
    const ids = Array.from({ length: 1 + random.below(3) }, () => nextId++);
    const inserts = ids.map((id) => `INSERT INTO ledger VALUES (${id}, ${index})`);
    const outcome = random.pick(OUTCOMES);
    if (outcome.startsWith("pipelined")) {
      const failing = outcome === "pipelined-failing";
      const statements = ["BEGIN", ...inserts, ...(failing ? ["SELECT 1/0"] : []), "COMMIT"];
      const { errors } =
        outcome === "pipelined-extended"
          ? await rawPipeline(Buffer.concat([...statements.map(extendedQuery), SYNC]), 1)
          : await rawPipeline(Buffer.concat(statements.map(simpleQuery)), statements.length);
      expect(errors).toBe(failing ? 1 : 0);
      if (!failing) ids.forEach((id) => committed.add(id));
      continue;
    }
    await client.query("BEGIN");
    for (const insert of inserts) {
      await client.query(insert);
      if (random.next() < 0.3) await new Promise((resolve) => setTimeout(resolve, random.below(3)));
    }
    if (outcome === "commit") {
      await client.query("COMMIT");
      ids.forEach((id) => committed.add(id));
    } else if (outcome === "rollback") {
      await client.query("ROLLBACK");
    } else if (outcome === "error") {
      await expect(client.query("SELECT 1/0")).rejects.toThrow(/division by zero/);
      await expect(client.query("SELECT 1")).rejects.toThrow(/current transaction is aborted/);
      await client.query("ROLLBACK");
    } else {
      if (outcome === "terminate") await client.end();
      else client.connection.stream.destroy();
      client = await connectedClient();
    }
  }
  await client.end();
}

/** Clients that only come and go (as idle pool clients do) while the transactions run. */
async function churn(stop: () => boolean): Promise<number> {
  let visits = 0;
  while (!stop()) {
    const client = await connectedClient();
    await client.query("SELECT 1");
    if (visits % 2 === 0) await client.end();
    else client.connection.stream.destroy();
    visits++;
  }
  return visits;
}

test("interleaved transactions are atomic and untouched by other clients leaving", { timeout: 120_000 }, async () => {
  const committed = new Set<number>();
  let finished = false;
  const churning = Promise.all([churn(() => finished), churn(() => finished)]);
  await Promise.all(Array.from({ length: CLIENTS }, (_, index) => playClient(index, committed))).finally(() => (finished = true));
  expect(await churning.then((visits) => visits.reduce((a, b) => a + b))).toBeGreaterThan(10);

  const stored = await server.db.query<{ id: number }>("SELECT id FROM ledger ORDER BY id");
  expect(stored.rows.map(({ id }) => id)).toEqual([...committed].sort((a, b) => a - b));
  expect(server.db.isInTransaction()).toBe(false);
});
