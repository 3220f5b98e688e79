import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNearDuplicates, type DescriptionEntry } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';
import { allPairs } from './all-pairs.js';

function flat(found: Map<number, { other: number; similarity: number }>): [number, number, number][] {
  return [...found].map(([id, m]): [number, number, number] => [id, m.other, m.similarity]).sort((x, y) => x[0] - y[0]);
}

// Chinese, digits, astral ideographs (kept by compactText) and an emoji and punctuation (dropped).
const CHARS = [...'执法程序案卷审核送达违建巡查罚款整改不到位', '1', '2', '3', '𠀀', '𪚥', '𠮷', '😀', '，', '。', ' '];
const char = fc.constantFrom(...CHARS);
const text = (min: number, max: number) => fc.array(char, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const edit = fc.record({ kind: fc.constantFrom('replace', 'insert', 'delete'), at: fc.nat(), ch: char });
const item = fc.record({
  template: fc.nat(),
  edits: fc.array(edit, { maxLength: 4 }),
  fresh: fc.option(text(0, 80), { freq: 4 }),
  unit: fc.constantFrom('甲镇', '乙乡', '丙街道', '丁村'),
});

/** A template with a few characters replaced, inserted or deleted (by code point). */
function applyEdits(template: string, edits: readonly { kind: string; at: number; ch: string }[]): string {
  const cps = Array.from(template);
  for (const e of edits) {
    const at = e.at % (cps.length + 1);
    if (e.kind === 'insert') cps.splice(at, 0, e.ch);
    else if (e.kind === 'delete') cps.splice(at, 1);
    else cps[Math.min(at, cps.length - 1)] = e.ch;
  }
  return cps.join('');
}

const corpus = fc.record({
  templates: fc.array(text(8, 80), { minLength: 1, maxLength: 4 }),
  items: fc.array(item, { maxLength: 48 }),
  // Distinct ids in no particular order, so "lowest id" is not "first in the input".
  ids: fc.uniqueArray(fc.integer({ min: -500, max: 500 }), { minLength: 48, maxLength: 48 }),
  threshold: fc.oneof(fc.constantFrom(0.5, 0.6, 2 / 3, 0.75, 0.8, 0.9, 1), fc.double({ min: 0.5, max: 1, noNaN: true })),
});

function entriesOf(c: { templates: string[]; items: { template: number; edits: { kind: string; at: number; ch: string }[]; fresh: string | null; unit: string }[]; ids: number[] }): DescriptionEntry[] {
  return c.items.map((it, i) => ({
    id: c.ids[i]!,
    unit: it.unit,
    text: it.fresh ?? applyEdits(c.templates[it.template % c.templates.length]!, it.edits),
  }));
}

describe('near-duplicate search is exact', () => {
  it('equals the all-pairs scan on random corpora of templates, edited copies and astral characters (matches, partners, similarities, ties)', () => {
    fc.assert(
      fc.property(corpus, (c) => {
        const entries = entriesOf(c);
        const expected = allPairs(entries, c.threshold);
        expect(flat(findNearDuplicates(entries, c.threshold))).toEqual(expected);
        // Texts already normalised give the same answer (the reader skips what compactText drops).
        const compacted = entries.map((e) => ({ ...e, text: compactText(e.text) }));
        expect(flat(findNearDuplicates(compacted, c.threshold))).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  });

  it('equals the all-pairs scan on a corpus of 700 findings written from a few templates', () => {
    let seed = 42;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const templates = ['对违规建房巡查不到位，2023年3月发现违建2处未及时制止', '现场检查笔录未载明执法证号涉及案卷12卷', '行政处罚决定书未告知陈述申辩权利共计5件'];
    const entries: DescriptionEntry[] = [];
    for (let i = 0; i < 700; i++) {
      const cps = Array.from(templates[Math.floor(next() * templates.length)]!);
      for (let k = Math.floor(next() * 6); k > 0; k--) cps[Math.floor(next() * cps.length)] = CHARS[Math.floor(next() * CHARS.length)]!;
      entries.push({ id: 3000 - 2 * i, unit: `U${Math.floor(next() * 7)}`, text: cps.join('') });
    }
    for (const t of [0.5, 0.8, 0.95]) expect(flat(findNearDuplicates(entries, t))).toEqual(allPairs(entries, t));
  });

  it('gives ties to the lowest other id, whatever the input order', () => {
    const text = '执法记录仪视频未全程记录，涉及3起案件';
    const found = findNearDuplicates(
      [
        { id: 9, unit: '乙乡', text },
        { id: 5, unit: '甲镇', text },
        { id: 4, unit: '丙街道', text },
        { id: 2, unit: '乙乡', text: text + '。' },
        { id: 1, unit: '甲镇', text: '完全不同的一段描述文字内容' },
      ],
      0.8,
    );
    expect(flat(found)).toEqual([
      [2, 4, 1],
      [4, 2, 1],
      [5, 2, 1],
      [9, 4, 1],
    ]);
  });
});
