import { FIELD_DEFS } from './fields.js';
import type { Field } from './schema/report.js';
import { normaliseHeader } from './text.js';

export interface HeaderMatch {
  field: Field;
  /** Higher is surer: an exact alias beats a contained one, a longer alias a shorter one. */
  score: number;
}

const EXACT = new Map<string, Field>();
const ALIASES: { alias: string; field: Field }[] = [];
for (const def of FIELD_DEFS) {
  for (const alias of def.aliases) {
    if (!EXACT.has(alias)) EXACT.set(alias, def.field);
    ALIASES.push({ alias, field: def.field });
  }
}
// Longest first, so the first contained alias found is the most specific one.
ALIASES.sort((a, b) => b.alias.length - a.alias.length);

/** Labels longer than this are titles or notes, not column headers. */
const MAX_HEADER_LENGTH = 24;
const cache = new Map<string, HeaderMatch | null>();

/**
 * The field a header label names, or null.
 * @example matchHeader('整改\n时限') → { field: 'deadline', … }; matchHeader('完成时间') → completedOn
 */
export function matchHeader(label: string): HeaderMatch | null {
  const cached = cache.get(label);
  if (cached !== undefined) return cached;
  const result = computeMatch(label);
  if (cache.size > 50_000) cache.clear();
  cache.set(label, result);
  return result;
}

function computeMatch(label: string): HeaderMatch | null {
  const n = normaliseHeader(label);
  if (!n || n.length > MAX_HEADER_LENGTH) return null;
  const exact = EXACT.get(n);
  if (exact) return { field: exact, score: 1000 + n.length };
  // "填报单位：某某局" is a label with its value, not a header.
  if (/[:：]/.test(n)) return null;
  let best: { alias: string; field: Field; at: number } | null = null;
  for (const a of ALIASES) {
    if (best && a.alias.length < best.alias.length) break;
    const at = standingAt(n, a.alias);
    if (at < 0) continue;
    // Same length: the alias that comes first in the label names the column (整改措施及完成情况).
    if (!best || at < best.at) best = { ...a, at };
  }
  if (!best) return null;
  // A short alias inside a long label is weak evidence; longer aliases count for more.
  return { field: best.field, score: 100 + best.alias.length * 10 - (n.length - best.alias.length) };
}

// Words that make a label an attribute of what it names: 单位编码 is a unit's code, not the unit;
// 问题编号 a problem's number (seq), not its description.
const ATTRIBUTE = /^(?:编码|代码|编号|性质|类型|类别|级别|地址|电话|邮编)/;

/** Where `alias` first occurs in `label` naming the thing itself (not followed by an attribute word), or -1. */
function standingAt(label: string, alias: string): number {
  for (let at = label.indexOf(alias); at >= 0; at = label.indexOf(alias, at + 1)) {
    if (!ATTRIBUTE.test(label.slice(at + alias.length))) return at;
  }
  return -1;
}
