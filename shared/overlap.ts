import type { BigramSets } from './bigram-sets.js';

/**
 * The exact check of a candidate pair of sets that passed the filters: how many bigrams they
 * share. One set's ranks are marked in a table (kept while the same set asks again, as the join's
 * candidates come set by set), the other's looked up, stopping once `need` is out of reach. The
 * sets' tokens need no order beyond their prefix.
 */
export class Overlap {
  private readonly mark: Int32Array;
  private marked = -1;

  constructor(private readonly sets: BigramSets) {
    this.mark = new Int32Array(sets.ranks).fill(-1);
  }

  /** How many bigrams sets x and y share, or some number below `need` once it cannot be reached. */
  of(x: number, y: number, need: number): number {
    const { start, size, tokens } = this.sets;
    const mark = this.mark;
    if (this.marked !== x) {
      // mark[r] === x only for x's ranks: no other set ever writes x.
      for (let p = start[x]!, e = p + size[x]!; p < e; p++) mark[tokens[p]!] = x;
      this.marked = x;
    }
    const m = size[y]!;
    const misses = m - need; // y's bigrams outside x it can afford
    let common = 0;
    for (let p = start[y]!, e = p + m, missed = 0; p < e; p++) {
      if (mark[tokens[p]!] === x) common++;
      else if (++missed > misses) return common;
    }
    return common;
  }
}
