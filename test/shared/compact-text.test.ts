import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactText, droppedChars, PUNCT_AND_SYMBOLS } from '../../shared/text.js';

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
});
