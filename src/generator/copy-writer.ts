import { Writable } from 'node:stream';
import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** One value of PostgreSQL's COPY text format: \N for null, backslash escapes for the rest. */
function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Most values need no escaping; testing first spares four replacements per field.
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/**
 * Streams rows into one table with COPY, respecting backpressure so that memory stays flat however
 * many rows go through. Rows are buffered into chunks of about 64 KB.
 */
export class CopyWriter {
  private buffer: string[] = [];
  private size = 0;
  rows = 0;

  private constructor(
    private readonly stream: Writable,
    private readonly done: Promise<void>,
  ) {}

  static async open(client: PoolClient, table: string, columns: string[]): Promise<CopyWriter> {
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    return new CopyWriter(stream, done);
  }

  async write(values: unknown[]): Promise<void> {
    const line = `${values.map(field).join('\t')}\n`;
    this.buffer.push(line);
    this.size += line.length;
    this.rows += 1;
    if (this.size >= 65536) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<number> {
    await this.flush();
    this.stream.end();
    await this.done;
    return this.rows;
  }
}
