import { describe, expect, it } from "vitest";
import { ChunkQueue } from "./chunk-queue.ts";

describe("ChunkQueue", () => {
  it("delivers items pushed before and while the consumer waits, then ends", async () => {
    const queue = new ChunkQueue<number>();
    queue.push(1);
    const received: number[] = [];
    const consuming = (async () => {
      for await (const item of queue) received.push(item);
    })();
    await new Promise((resolve) => setTimeout(resolve, 5));
    queue.push(2);
    queue.push(3);
    queue.end();
    await consuming;
    expect(received).toEqual([1, 2, 3]);
  });

  it("drops what is pushed after the consumer stopped reading", async () => {
    const queue = new ChunkQueue<number>();
    queue.push(1);
    queue.push(2);
    for await (const item of queue) {
      expect(item).toBe(1);
      break;
    }
    queue.push(3);
    queue.end();
    const rest: number[] = [];
    for await (const item of queue) rest.push(item);
    expect(rest).toEqual([]);
  });
});
