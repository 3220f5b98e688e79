import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, measuredTable, ROWS, rowsIn, withMeasured, type Measured, type RowId } from '../../bench/measured-table.js';

const readmeWith = (table: string) => `# Title\n\nBefore.\n\n${BEGIN}\n${table}\n${END}\n\nAfter.\n`;
const m = (figure: string): Measured => ({ figure, baseline: `${figure} before`, target: '< 1 s ✓' });

describe("README's measured table, made from a bench run", () => {
  it('lists rows in the catalogue order, whatever order they were measured in, and escapes pipes in cells', () => {
    const rows = new Map<RowId, Measured & { when: string }>([
      ['excel-syncs', { ...m('7 / 24 syncs'), when: 'w2' }],
      ['cli-startup', { ...m('52 | 48 ms'), when: 'w1' }],
    ]);
    const lines = measuredTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(`| ${ROWS['cli-startup']} | 52 \\| 48 ms | 52 \\| 48 ms before | < 1 s ✓ | w1 |`);
    expect(lines[3]!.startsWith(`| ${ROWS['excel-syncs']} | 7 / 24 syncs |`)).toBe(true);
  });

  it("replaces the rows a run measured and keeps the others with their own run's date", () => {
    const first = withMeasured(readmeWith(''), new Map([['cli-startup', m('52 | 48 ms')], ['core-100k', m('0.8 s')]]), '2026-11-29 23:00, load 0.3');
    const second = withMeasured(first, new Map([['core-100k', m('0.7 s')], ['worker-summary', m('38 ms')]]), '2026-11-30 00:10, load 1.1');
    const rows = rowsIn(second);
    expect([...rows.keys()]).toEqual(['cli-startup', 'core-100k', 'worker-summary']);
    expect(rows.get('cli-startup')).toEqual({ ...m('52 | 48 ms'), when: '2026-11-29 23:00, load 0.3' });
    expect(rows.get('core-100k')).toEqual({ ...m('0.7 s'), when: '2026-11-30 00:10, load 1.1' });
    expect(second.startsWith('# Title\n\nBefore.\n\n')).toBe(true);
    expect(second.endsWith(`${END}\n\nAfter.\n`)).toBe(true);
    // Writing the same rows again changes nothing.
    expect(withMeasured(second, new Map(), 'never')).toBe(second);
  });

  it('refuses a README without the markers, in Chinese first, and changes nothing', () => {
    const readme = '# Title\n\nNo table here.\n';
    expect(() => withMeasured(readme, new Map([['core-100k', m('0.7 s')]]), 'now')).toThrow(/^README\.md 缺少测量表的标记/);
    expect(readme).toBe('# Title\n\nNo table here.\n');
  });

  it("is what README.md holds: every row of its table is a catalogue row, as a bench run writes it", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = rowsIn(readme);
    const between = readme.slice(readme.indexOf(BEGIN) + BEGIN.length, readme.indexOf(END));
    const tableRows = between.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| what |'));
    expect(rows.size).toBe(tableRows.length);
    expect(rows.size).toBeGreaterThan(0);
    expect(withMeasured(readme, new Map(), 'never')).toBe(readme);
  });
});
