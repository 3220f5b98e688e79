import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charLength, compactLengthUpTo, compactText, droppedChars, PUNCT_AND_SYMBOLS, sameCompact } from '../../shared/text.js';

// The definition compactText is held to: whitespace, punctuation and symbols removed.
const byRegex = (text: string) => text.replace(/[\s\u3000\p{P}\p{S}]+/gu, '');
const byRegexSource = /[\s\u3000\p{P}\p{S}]+/gu.source;

describe('compactText (a lookup table instead of a Unicode regex per call)', () => {
  it('removes exactly what the regex removes, on any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => compactText(s) === byRegex(s)), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => compactText(s) === byRegex(s)), { numRuns: 3000 });
  });

  it('removes exactly what the regex removes, for every character of the BMP', () => {
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue; // a lone surrogate: compactText leaves it to the regex
      const ch = String.fromCharCode(c);
      if (compactText(`a${ch}b`) !== byRegex(`a${ch}b`)) differ.push(c.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it('reads its table from runs that are what the regex removes on this engine (else: npx tsx scripts/dropped-chars-data.ts)', () => {
    const table = droppedChars();
    const differ: string[] = [];
    const one = /^[\s\u3000\p{P}\p{S}]$/u;
    for (let c = 0; c < 0x10000; c++) {
      const byRule = c < 0xd800 || c > 0xdfff ? one.test(String.fromCharCode(c)) : false;
      if (table[c] !== (byRule ? 1 : 0)) differ.push(c.toString(16));
    }
    expect(differ).toEqual([]);
    expect(PUNCT_AND_SYMBOLS.source).toBe(byRegexSource);
  });

  it('on ledger text', () => {
    for (const s of ['加强 学习。', '《〔2023〕12号处罚决定书》未载明执法证号，涉及3起', '\u3000执法\u00a0不规范！！', '𠮷野家（分店）', 'abc', '', '，。']) {
      expect(compactText(s)).toBe(byRegex(s));
    }
    expect(compactText('加强 学习。')).toBe('加强学习');
  });

  it('sameCompact answers compactText(a) === compactText(b) without building them', () => {
    // Pairs that often compact alike: one text, and the same text with punctuation and spaces put in or taken out.
    const piece = fc.constantFrom('加强', '学习', '。', '，', ' ', '\u3000', '执法', '𠮷', '😀', 'a', '1', '（', '）', '', '\ud800');
    const text = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(''));
    const variant = (t: string, noise: string[]) => [...t].flatMap((ch, i) => [ch, noise[i % noise.length] ?? '']).join('');
    fc.assert(fc.property(text, fc.array(fc.constantFrom('', ' ', '。', '，', '！', '\n'), { minLength: 1, maxLength: 4 }), (t, noise) => {
      const v = variant(t, noise);
      expect(sameCompact(t, v)).toBe(compactText(t) === compactText(v));
    }), { numRuns: 2000 });
    fc.assert(fc.property(text, text, (a, b) => sameCompact(a, b) === (compactText(a) === compactText(b))), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => sameCompact(a, b) === (compactText(a) === compactText(b))), { numRuns: 2000 });
    expect(sameCompact('加强 学习。', '加强学习')).toBe(true);
    expect(sameCompact('加强学习', '加强学')).toBe(false);
    expect(sameCompact('。，', '')).toBe(true);
  });

  it('compactLengthUpTo counts the kept characters up to its cap', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 0, max: 12 }), (s, cap) => compactLengthUpTo(s, cap) === Math.min(charLength(compactText(s)), cap)), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 12 }), (s, cap) => compactLengthUpTo(s, cap) === Math.min(charLength(compactText(s)), cap)), { numRuns: 3000 });
    expect(compactLengthUpTo('开展专项整治，每周巡查', 8)).toBe(8);
    expect(compactLengthUpTo('加强 学习。', 8)).toBe(4);
  });
});
