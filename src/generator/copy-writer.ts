import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value of PostgreSQL's COPY text format: \N for null, backslash escapes for the rest. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Most values need no escaping; testing first spares four replacements per field.
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** One row as a line of COPY's text format. */
function copyLine(values: unknown[]): string {
  let line = field(values[0]);
  for (let i = 1; i < values.length; i++) line += `\t${field(values[i])}`;
  return `${line}\n`;
}

/** Bytes of rows gathered before they are handed on. */
const CHUNK = 65536;

/**
 * Rows encoded in COPY's text format straight into chunks of bytes, each full chunk handed to `send`. A string grown
 * line by line to 64 KB is a rope, flattened and then encoded whole: encoding each line into a buffer took the
 * generator's CPU at province scale from 2.40–2.50 s to 1.92–2.39 s (four alternating pairs).
 */
class RowChunks {
  private buffer = Buffer.allocUnsafe(2 * CHUNK);
  private used = 0;
  rows = 0;

  constructor(private readonly send: (chunk: Buffer) => void) {}

  write(values: unknown[]): void {
    const line = copyLine(values);
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (this.used + 3 * line.length > this.buffer.length) {
      this.flush();
      if (3 * line.length > this.buffer.length) this.buffer = Buffer.allocUnsafe(3 * line.length);
    }
    this.used += this.buffer.write(line, this.used);
    this.rows += 1;
    if (this.used >= CHUNK) this.flush();
  }

  /** Hands on what is gathered; the chunk handed on is never written again. */
  flush(): void {
    if (this.used === 0) return;
    this.send(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(2 * CHUNK);
    this.used = 0;
  }
}

/**
 * Rows kept aside for a COPY that can start only after another (see TableLoad), in a temporary file removed as soon as
 * it is opened — gone with the process whatever happens — so that memory stays flat however many rows are held.
 */
export class HeldRows {
  private file: number | null = null;
  private size = 0;
  private readonly encoder = new RowChunks((chunk) => this.keep(chunk));

  get rows(): number {
    return this.encoder.rows;
  }

  write(values: unknown[]): void {
    this.encoder.write(values);
  }

  /** Every row held, as chunks of bytes in order; the file is closed after the last. */
  *sealed(): Generator<Buffer> {
    this.encoder.flush();
    if (this.file === null) return;
    for (let at = 0; at < this.size; at += 2 * CHUNK) {
      const chunk = Buffer.allocUnsafe(Math.min(2 * CHUNK, this.size - at));
      readSync(this.file, chunk, 0, chunk.length, at);
      yield chunk;
    }
    closeSync(this.file);
    this.file = null;
  }

  private keep(chunk: Buffer): void {
    if (this.file === null) {
      const path = join(tmpdir(), `held-rows-${process.pid}-${randomUUID()}`);
      this.file = openSync(path, 'w+', 0o600);
      unlinkSync(path);
    }
    writeSync(this.file, chunk, 0, chunk.length, this.size);
    this.size += chunk.length;
  }
}

/**
 * Streams rows into one table with COPY, in chunks of about 64 KB. `write` only gathers: a promise per row cost the
 * generator 15% of its CPU (2.69–3.01 s at province scale, 2.30–2.52 s without). `ready` is the backpressure,
 * awaited between batches of rows (a branch's), so that memory stays flat however many rows go through.
 */
export class CopyWriter {
  private draining: Promise<void> | null = null;
  private readonly encoder = new RowChunks((chunk) => this.send(chunk));

  private constructor(
    private readonly stream: Writable & { rowCount: number },
    private readonly done: Promise<void>,
  ) {}

  static async open(client: ClientBase, table: string, columns: string[]): Promise<CopyWriter> {
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    return new CopyWriter(stream, done);
  }

  /** Until the connection has taken what it was handed (nothing to wait for, mostly). */
  static async ready(...writers: CopyWriter[]): Promise<void> {
    for (const w of writers) if (w.draining) await w.draining;
  }

  /** Rows written so far (the progress of a load). */
  get rows(): number {
    return this.encoder.rows;
  }

  write(values: unknown[]): void {
    this.encoder.write(values);
  }

  /** Copies the rows held aside, waiting for the connection between chunks. */
  async writeHeld(held: HeldRows): Promise<void> {
    this.encoder.flush();
    for (const chunk of held.sealed()) {
      this.send(chunk);
      await CopyWriter.ready(this);
    }
  }

  private send(chunk: Buffer): void {
    if (!this.stream.write(chunk) && !this.draining)
      this.draining = new Promise<void>((resolve) =>
        this.stream.once('drain', () => {
          this.draining = null;
          resolve();
        }),
      );
  }

  /** Ends the COPY; returns the rows PostgreSQL copied, those held aside included. */
  async close(): Promise<number> {
    this.encoder.flush();
    await CopyWriter.ready(this);
    this.stream.end();
    await this.done;
    return this.stream.rowCount;
  }
}
