import { PAYLOAD_BUDGET } from './chunks.js';

/** Per queued operation, what the request spends beyond its own data (paths, action ids, names). */
const OVERHEAD = 400;

/**
 * Queues writes and sends them when the next one would push the request past the payload budget,
 * so a big annotation goes in a few ≤ 4 MB requests and a small one in a single round trip.
 */
export class WriteBatch {
  private pending = 0;
  syncs = 0;

  constructor(private readonly context: Excel.RequestContext, private readonly budget = PAYLOAD_BUDGET) {}

  /** Queues `write` (which costs about `bytes` on the wire), sending what is queued first if full. */
  async add(bytes: number, write: () => void): Promise<void> {
    if (this.pending > 0 && this.pending + bytes + OVERHEAD > this.budget) await this.flush();
    write();
    this.pending += bytes + OVERHEAD;
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    await this.force();
  }

  /** Sends what is queued on the context, counted or not (removals queued by hand, say). */
  async force(): Promise<void> {
    this.pending = 0;
    await this.context.sync();
    this.syncs++;
  }
}

/** Rows of a 2-D block in slices of about `budget` bytes each (UTF-8 JSON). */
export function rowSlices<T>(rows: T[][], budget = PAYLOAD_BUDGET / 2): { start: number; rows: T[][]; bytes: number }[] {
  const out: { start: number; rows: T[][]; bytes: number }[] = [];
  const enc = new TextEncoder();
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const b = enc.encode(JSON.stringify(rows[i])).length + 1;
    if (bytes + b > budget && i > start) {
      out.push({ start, rows: rows.slice(start, i), bytes });
      start = i;
      bytes = 0;
    }
    bytes += b;
  }
  if (rows.length > start) out.push({ start, rows: rows.slice(start), bytes });
  return out;
}
