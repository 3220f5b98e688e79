import type { DescriptionEntry } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';

/**
 * The rule as SPEC section 5 words it, run over every pair: bigram sets of the normalised text
 * (descriptions under 10 characters left out), Jaccard ≥ threshold between different units, each
 * item's best match by similarity, ties to the lowest other id. The index must agree exactly.
 */
export function allPairs(entries: readonly DescriptionEntry[], threshold: number): [number, number, number][] {
  const grams = entries.map((e) => {
    const cps = Array.from(compactText(e.text));
    if (cps.length < 10) return null;
    const set = new Set<string>();
    for (let i = 0; i + 1 < cps.length; i++) set.add(cps[i]! + cps[i + 1]!);
    return set;
  });
  const out: [number, number, number][] = [];
  entries.forEach((a, i) => {
    let best: { other: number; similarity: number } | null = null;
    entries.forEach((b, j) => {
      const ga = grams[i];
      const gb = grams[j];
      if (i === j || !ga || !gb || a.unit === b.unit) return;
      let inter = 0;
      for (const g of ga) if (gb.has(g)) inter++;
      const similarity = inter / (ga.size + gb.size - inter);
      if (similarity < threshold) return;
      if (!best || similarity > best.similarity || (similarity === best.similarity && b.id < best.other)) best = { other: b.id, similarity };
    });
    if (best) out.push([a.id, (best as { other: number }).other, (best as { similarity: number }).similarity]);
  });
  return out.sort((x, y) => x[0] - y[0]);
}
