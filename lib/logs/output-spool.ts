import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";

export type OutputStream = "stdout" | "stderr";

const HEADER_BYTES = 5;
const GATHER_BYTES = 1024 * 1024;

/**
 * Agent output goes to a file as fast as the agent writes it, and is read back (by the log ingest
 * thread) as fast as the log can store it: the agent is never slowed by the database and memory stays
 * bounded however much it writes. Records are [stream byte][length u32][bytes].
 */
export class SpoolWriter {
  private readonly fd: number;
  private written = 0;
  // Chunks are gathered and written together: a pipe delivers many small chunks, and a system call
  // per chunk is what slowed a fast-writing agent.
  private readonly gathered = Buffer.allocUnsafe(GATHER_BYTES);
  private gatheredLength = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, "w", 0o600);
  }

  /** Bytes written to the file so far: a reader may read up to here. */
  get offset(): number {
    return this.written;
  }

  append(stream: OutputStream, data: Buffer): void {
    if (this.gatheredLength + HEADER_BYTES + data.length > GATHER_BYTES) this.flush();
    if (HEADER_BYTES + data.length > GATHER_BYTES) {
      this.write(header(stream, data.length));
      this.write(data);
      return;
    }
    writeHeader(this.gathered, this.gatheredLength, stream, data.length);
    data.copy(this.gathered, this.gatheredLength + HEADER_BYTES);
    this.gatheredLength += HEADER_BYTES + data.length;
  }

  /** Writes what was appended to the file. */
  flush(): void {
    if (this.gatheredLength === 0) return;
    this.write(this.gathered.subarray(0, this.gatheredLength));
    this.gatheredLength = 0;
  }

  remove(): void {
    closeSync(this.fd);
    rmSync(this.file, { force: true });
  }

  private write(bytes: Buffer): void {
    writeSync(this.fd, bytes, 0, bytes.length, this.written);
    this.written += bytes.length;
  }
}

function header(stream: OutputStream, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(HEADER_BYTES);
  writeHeader(bytes, 0, stream, length);
  return bytes;
}

function writeHeader(target: Buffer, at: number, stream: OutputStream, length: number): void {
  target[at] = stream === "stdout" ? 1 : 2;
  target.writeUInt32BE(length, at + 1);
}

export class SpoolReader {
  private readonly fd: number;
  private readOffset = 0;
  private available = 0;
  private ended = false;
  private wake: (() => void) | null = null;

  constructor(file: string) {
    this.fd = openSync(file, "r");
  }

  /** Bytes read back so far. */
  get offset(): number {
    return this.readOffset;
  }

  /** Output written and not read back yet. */
  get pending(): boolean {
    return this.readOffset < this.available;
  }

  /** Bytes written and not read back yet. */
  get pendingBytes(): number {
    return this.available - this.readOffset;
  }

  /** The writer has finished. */
  get complete(): boolean {
    return this.ended;
  }

  /** The writer has written up to `offset`. */
  advance(offset: number): void {
    this.available = Math.max(this.available, offset);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /**
   * The output in order. One buffer is reused for every chunk (a fresh one per chunk is what made
   * memory grow with the output): a chunk is valid until the next one is read.
   */
  async *chunks(): AsyncGenerator<{ stream: OutputStream; data: Buffer }> {
    const header = Buffer.alloc(HEADER_BYTES);
    let buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      if (this.readOffset < this.available) {
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

  close(): void {
    closeSync(this.fd);
  }
}
