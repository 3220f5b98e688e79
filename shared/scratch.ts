/**
 * Typed arrays for one near-duplicate search, made on buffers kept from one search to the next.
 * Why: at 100,000 items a search asked for ~35 MB of fresh ArrayBuffers, and memory outside the
 * heap growing that fast is what made V8 collect ("external memory pressure": a scavenge, and then
 * a full collection) inside every check, copying and marking the report's young objects. A view on
 * a buffer kept from the last search allocates no memory outside the heap.
 *
 * Each request takes the next buffer in turn (a search asks for its arrays in the same order every
 * time), replaced by a larger one when too small; `release` drops them all once they hold more
 * than `limit` bytes, so a huge corpus does not keep its buffers alive after its search.
 * @example const s = new Scratch(); s.reset(); const a = s.int32(10, -1); // a view, filled with -1
 */
export class Scratch {
  private readonly buffers: ArrayBuffer[] = [];
  private next = 0;

  constructor(private readonly limit: number) {}

  /** Every buffer free again: arrays handed out before are not to be used after this. */
  reset(): void {
    this.next = 0;
  }

  /** An Int32Array of n, every element `fill` (as new Int32Array(n).fill(fill) would be). */
  int32(n: number, fill = 0): Int32Array<ArrayBuffer> {
    return new Int32Array(this.take(4 * n), 0, n).fill(fill);
  }

  /** Drops the buffers when together they hold more than the limit. */
  release(): void {
    let bytes = 0;
    for (const b of this.buffers) bytes += b.byteLength;
    if (bytes > this.limit) this.buffers.length = 0;
    this.next = 0;
  }

  private take(bytes: number): ArrayBuffer {
    const k = this.next++;
    const b = this.buffers[k];
    if (b !== undefined && b.byteLength >= bytes) return b;
    // A little room over the size asked, so a corpus that grows a little reuses it next time.
    const made = new ArrayBuffer(Math.max(64, bytes + (bytes >> 3)));
    this.buffers[k] = made;
    return made;
  }
}
