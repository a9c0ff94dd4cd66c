import { describe, expect, it } from "vitest";
import { createOutputCap, truncationMarker } from "./output-cap.ts";
import type { OutputChunk } from "./types.ts";

const chunk = (stream: OutputChunk["stream"], text: string): OutputChunk => ({ stream, data: Buffer.from(text) });
const texts = (chunks: OutputChunk[]) => chunks.map(({ stream, data }) => `${stream}:${data.toString()}`);

describe("createOutputCap", () => {
  it("passes output through while stdout and stderr together stay within the cap", () => {
    const cap = createOutputCap(10);
    expect(texts(cap.accept(chunk("stdout", "12345")))).toEqual(["stdout:12345"]);
    expect(texts(cap.accept(chunk("stderr", "67890")))).toEqual(["stderr:67890"]);
    expect(cap.truncated).toBe(false);
    expect(cap.outputBytes).toBe(10);
  });

  it("keeps the bytes up to the cap, then one marker line on its own line, then nothing", () => {
    const cap = createOutputCap(8);
    cap.accept(chunk("stdout", "line\n"));
    expect(texts(cap.accept(chunk("stderr", "abcdef")))).toEqual(["stderr:abc", `stderr:\n${truncationMarker(8)}\n`]);
    expect(cap.accept(chunk("stdout", "more"))).toEqual([]);
    expect(cap.truncated).toBe(true);
    expect(cap.outputBytes).toBe(15);
  });

  it("starts no empty line when the kept output already ends one", () => {
    const cap = createOutputCap(5);
    expect(texts(cap.accept(chunk("stdout", "1234\nrest")))).toEqual(["stdout:1234\n", `stdout:${truncationMarker(5)}\n`]);
  });

  it("names the cap in readable units", () => {
    expect(truncationMarker(50 * 1024 * 1024)).toBe("[output truncated at 50 MB]");
    expect(truncationMarker(100 * 1024)).toBe("[output truncated at 100 KB]");
    expect(truncationMarker(1000)).toBe("[output truncated at 1000 bytes]");
  });
});
