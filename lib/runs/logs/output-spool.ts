import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";

type OutputStream = "stdout" | "stderr";

const HEADER_BYTES = 5;

/**
 * Agent output goes to a file as fast as the agent writes it, and is read back as fast as the log
 * can store it: the agent is never slowed by the database and memory stays bounded however much it
 * writes. Records are [stream byte][length u32][bytes].
 */
export class OutputSpool {
  private readonly fd: number;
  private writeOffset = 0;
  private readOffset = 0;
  private ended = false;
  private wake: (() => void) | null = null;

  constructor(private readonly file: string) {
    this.fd = openSync(file, "w+", 0o600);
  }

  append(stream: OutputStream, data: Buffer): void {
    const header = Buffer.alloc(HEADER_BYTES);
    header[0] = stream === "stdout" ? 1 : 2;
    header.writeUInt32BE(data.length, 1);
    writeSync(this.fd, header, 0, HEADER_BYTES, this.writeOffset);
    writeSync(this.fd, data, 0, data.length, this.writeOffset + HEADER_BYTES);
    this.writeOffset += HEADER_BYTES + data.length;
    this.wake?.();
  }

  /** Output written to the spool and not read back yet. */
  get pending(): boolean {
    return this.readOffset < this.writeOffset;
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /**
   * The output in order. One buffer is reused for every chunk (a fresh one per chunk is what made the
   * server's memory grow with the output): a chunk is valid until the next one is read.
   */
  async *chunks(): AsyncGenerator<{ stream: OutputStream; data: Buffer }> {
    const header = Buffer.alloc(HEADER_BYTES);
    let buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      if (this.readOffset < this.writeOffset) {
        readSync(this.fd, header, 0, HEADER_BYTES, this.readOffset);
        const length = header.readUInt32BE(1);
        if (length > buffer.length) buffer = Buffer.alloc(length);
        const data = buffer.subarray(0, length);
        readSync(this.fd, data, 0, length, this.readOffset + HEADER_BYTES);
        this.readOffset += HEADER_BYTES + data.length;
        yield { stream: header[0] === 1 ? "stdout" : "stderr", data };
      } else if (this.ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
  }

  remove(): void {
    closeSync(this.fd);
    rmSync(this.file, { force: true });
  }
}
