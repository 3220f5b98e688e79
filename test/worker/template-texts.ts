import { env } from 'cloudflare:workers';
import { nearBigrams } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';
import { rng } from './seeded.js';
import { concrete } from './texts.js';

// Texts for the near-duplicate index's tests: rows written on a few templates, each lightly
// edited, so pairs land on both sides of the threshold (most below), as in a county whose units
// copy one another's wording (deterministic for a seed); and the brute force the probe is held to.

/** What the edits put in: words of enforcement records, so an edited row stays plausible. */
const POOL = '查处审核复议送达听证扣押笔录案卷签字材料证据期限文书';

/**
 * `rows` texts on five templates (concrete(base, i % 5)), each with 0–9 characters replaced,
 * `suffix` appended (a unit's own mark).
 * @example templateVariants(40, 7, { base: '模板' }).length === 40
 */
export function templateVariants(rows: number, seed: number, { base = '模板', suffix = '' } = {}): string[] {
  const r = rng(seed);
  return Array.from({ length: rows }, (_, i) => {
    const chars = Array.from(concrete(base, i % 5));
    const edits = Math.floor(r() * 10);
    for (let e = 0; e < edits; e++) chars[Math.floor(r() * chars.length)] = POOL[Math.floor(r() * POOL.length)]!;
    return `${chars.join('')}${suffix}`;
  });
}

/** A text's character-bigram set, as the core compares it (compact text, SPEC section 5). */
export const bigramSetOf = (text: string): Set<string> => new Set(nearBigrams(compactText(text)) ?? []);

/** The Jaccard similarity of two bigram sets (0 when either is empty): the rule brute force applies. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return a.size && b.size ? common / (a.size + b.size - common) : 0;
}

/** The current stored versions (ids, ascending) whose descriptions brute force finds similar to any of `texts` at `threshold`. */
export async function storedSimilarTo(texts: readonly string[], threshold: number): Promise<number[]> {
  const sets = texts.map(bigramSetOf);
  const stored = await env.DB.prepare('SELECT v.id, v.description FROM items i JOIN item_versions v ON v.id = i.current_version_id').raw<[number, string]>();
  return stored.filter(([, text]) => sets.some((p) => jaccard(p, bigramSetOf(text)) >= threshold - 1e-12)).map(([id]) => id).sort((a, b) => a - b);
}
