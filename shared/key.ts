import { compactText } from './text.js';

/** FNV-1a over UTF-16 code units with a seed; two seeds give a 64-bit-strong key. */
function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * An item's stable key: derived from its unit and 序号 when it has one, else from its unit and
 * normalised description, so re-submitting an edited ledger keeps each item's history together.
 * The add-in writes the key into the sheet (检查·事项编号) and a key found there wins.
 * @example itemKey('儒林镇', '3', '…') === itemKey('儒林镇', ' 3 ', 'another text')
 */
export function itemKey(unit: string, seq: string, description: string): string {
  const basis = seq.trim() ? `${unit}\u0000#${seq.trim()}` : `${unit}\u0000${compactText(description)}`;
  const a = fnv1a(basis, 0x811c9dc5).toString(36).padStart(7, '0');
  const b = fnv1a(basis, 0x050c5d1f).toString(36).padStart(7, '0');
  return `ZG-${(a + b).toUpperCase()}`;
}
