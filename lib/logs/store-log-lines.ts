import type { Pool } from "pg";
import type { LogOwner } from "./ingest-protocol.ts";
import type { LogLine } from "./log-writer.ts";

/** One multi-row INSERT per batch: an order of magnitude faster than createMany for log lines. */
export async function storeLogLines(pool: Pool, owner: LogOwner, lines: LogLine[]): Promise<void> {
  const seqs = lines.map((line) => line.seq);
  const streams = lines.map((line) => line.stream);
  const texts = lines.map((line) => line.text);
  if (owner.kind === "check") {
    await pool.query(
      `INSERT INTO "CheckRunEvent" ("checkRunId", "seq", "stream", "text")
       SELECT $1, line.seq, line.stream::"LogStream", line.text
       FROM unnest($2::int[], $3::text[], $4::text[]) AS line(seq, stream, text)`,
      [owner.checkRunId, seqs, streams, texts],
    );
    return;
  }
  const data = lines.map((line) => (line.data === undefined ? null : JSON.stringify(line.data)));
  await pool.query(
    `INSERT INTO "RunEvent" ("runId", "seq", "stream", "text", "data")
     SELECT $1, line.seq, line.stream::"LogStream", line.text, line.data::jsonb
     FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS line(seq, stream, text, data)`,
    [owner.runId, seqs, streams, texts, data],
  );
}
