import { PAYLOAD_BUDGET } from './chunks.js';

/** Per queued operation, what the request spends beyond its own data (paths, action ids, names). */
const OVERHEAD = 400;

/**
 * Queues writes and sends them when the next one would push the request past the payload budget,
 * so a big annotation goes in a few requests filled to the budget and a small one in a single round trip.
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

  /**
   * Queues rows written by `write(start, rows)` in slices that fill the request being built (and
   * then whole requests), so consecutive writes share round trips instead of each slice taking one.
   * `extraPerRow`: bytes each row costs besides its own JSON (a row of number formats written with it).
   */
  async addRows<T>(rows: T[][], write: (start: number, rows: T[][]) => void, extraPerRow = 0): Promise<void> {
    const enc = new TextEncoder();
    let start = 0;
    while (start < rows.length) {
      // Too little room left for a useful slice: send what is queued first.
      if (this.pending > 0 && this.budget - this.pending - OVERHEAD < this.budget / 8) await this.flush();
      const room = this.budget - this.pending - OVERHEAD;
      let bytes = 0;
      let end = start;
      while (end < rows.length) {
        const b = enc.encode(JSON.stringify(rows[end])).length + 1 + extraPerRow;
        if (end > start && bytes + b > room) break;
        bytes += b;
        end++;
      }
      write(start, rows.slice(start, end));
      this.pending += bytes + OVERHEAD;
      start = end;
      if (start < rows.length) await this.flush();
    }
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
