import type { OutputChunk, OutputStream } from "./types.ts";

const NEWLINE = 0x0a;

export interface OutputCap {
  /** The part of `chunk` to keep: all of it, the bytes up to the cap plus the marker line, or nothing. */
  accept(chunk: OutputChunk): OutputChunk[];
  readonly truncated: boolean;
  readonly outputBytes: number;
}

/** Counts stdout and stderr together; past `capBytes`, one marker line and the rest dropped. */
export function createOutputCap(capBytes: number): OutputCap {
  let outputBytes = 0;
  let truncated = false;
  const endsLine: Record<OutputStream, boolean> = { stdout: true, stderr: true };

  return {
    get truncated() {
      return truncated;
    },
    get outputBytes() {
      return outputBytes;
    },
    accept({ stream, data }) {
      const room = capBytes - outputBytes;
      outputBytes += data.length;
      if (truncated) return [];
      if (data.length <= room) {
        if (data.length > 0) endsLine[stream] = data[data.length - 1] === NEWLINE;
        return [{ stream, data }];
      }
      truncated = true;
      const kept = data.subarray(0, room);
      const chunks: OutputChunk[] = [];
      if (kept.length > 0) {
        chunks.push({ stream, data: kept });
        endsLine[stream] = kept[kept.length - 1] === NEWLINE;
      }
      const marker = `${endsLine[stream] ? "" : "\n"}${truncationMarker(capBytes)}\n`;
      chunks.push({ stream, data: Buffer.from(marker) });
      return chunks;
    },
  };
}

export function truncationMarker(capBytes: number): string {
  return `[output truncated at ${formatBytes(capBytes)}]`;
}

function formatBytes(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
