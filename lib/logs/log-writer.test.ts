import { describe, expect, it } from "vitest";
import { LogWriter, type LogLine } from "./log-writer.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("LogWriter", () => {
  it("stores every line once, in order, in batches", async () => {
    const stored: LogLine[][] = [];
    const writer = new LogWriter({ store: async (lines) => void stored.push(lines), batchLines: 3 });
    writer.write("stdout", "a\nb\nc\nd\n");
    writer.system("done");
    await writer.close();
    expect(stored.flat().map((line) => [line.seq, line.stream, line.text])).toEqual([
      [1, "stdout", "a"],
      [2, "stdout", "b"],
      [3, "stdout", "c"],
      [4, "stdout", "d"],
      [5, "system", "done"],
    ]);
    expect(stored[0]).toHaveLength(3);
  });

  // Lines that arrive while a store is slow must not queue up one store per batch interval behind it:
  // that made a line wait seconds behind the stores of earlier small batches (issue 10 §8).
  it("keeps a line's wait near one store's time when storing is slower than the batch interval", async () => {
    const STORE_MS = 200;
    const storedAt = new Map<string, number>();
    let stores = 0;
    const writer = new LogWriter({
      batchMs: 20,
      store: async (lines) => {
        stores++;
        await sleep(STORE_MS);
        for (const line of lines) storedAt.set(line.text, Date.now());
      },
    });
    const writtenAt = new Map<string, number>();
    for (let n = 0; n < 100; n++) {
      writtenAt.set(String(n), Date.now());
      writer.write("stdout", `${n}\n`);
      await sleep(15);
    }
    await writer.close();
    const waits = [...writtenAt].map(([text, at]) => storedAt.get(text)! - at);
    expect(storedAt.size).toBe(100);
    expect(Math.max(...waits)).toBeLessThan(3 * STORE_MS);
    expect(stores).toBeLessThan(20);
  });

  it("reports a failed store from flush and close, and stores nothing after it", async () => {
    let calls = 0;
    const writer = new LogWriter({
      batchMs: 5,
      store: async () => {
        calls++;
        throw new Error("disk full");
      },
    });
    writer.write("stdout", "a\n");
    await expect(writer.flush()).rejects.toThrow("disk full");
    writer.write("stdout", "b\n");
    await expect(writer.close()).rejects.toThrow("disk full");
    expect(calls).toBe(1);
  });
});
