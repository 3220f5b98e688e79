import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { naiveCheck } from '../../bench/naive-checker.js';
import { readXlsx } from '../../cli/read-xlsx.js';
import { aggregateWorkbook } from '../../scripts/samples/aggregate.js';
import { checkWorkbooks } from '../../shared/index.js';

// The CLI's baseline (`npm run bench cli`) is only a baseline if it does the SPEC's work: it
// read 问题来源 as the description (its pattern /问题描述|问题/ took the first column holding 问题)
// and a date cell's text as its deadline, so it compared no descriptions and found nothing overdue.
const ASOF = '2023-05-29';
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naive-'));
  file = join(dir, 'aggregate-1500.xlsx');
  await aggregateWorkbook(1500).xlsx.writeFile(file);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowsWith = (items: readonly { row: number | string; diagnostics: readonly { code: string }[] }[], code: string) =>
  items.filter((it) => it.diagnostics.some((d) => d.code === code)).map((it) => Number(it.row));

describe("the CLI bench's naive checker", () => {
  it('reads the same items and descriptions as the core, and finds the same near-duplicates and overdue items', async () => {
    const naive = (await naiveCheck(file, ASOF)) as { items: { row: string; description: string; diagnostics: { code: string }[] }[] };
    const core = checkWorkbooks([(await readXlsx(file)).input], { asOf: ASOF }).sheets[0]!.items;
    expect(naive.items.map((it) => [Number(it.row), it.description])).toEqual(core.map((it) => [it.row, it.fields.description ?? '']));
    const near = rowsWith(core, 'near-duplicate');
    const overdue = rowsWith(core, 'overdue');
    expect(near.length).toBeGreaterThan(10);
    expect(overdue.length).toBeGreaterThan(3);
    expect(rowsWith(naive.items, 'near-duplicate')).toEqual(near);
    expect(rowsWith(naive.items, 'overdue')).toEqual(overdue);
    // Every per-item finding, code by code, row by row.
    const codes = (items: readonly { diagnostics: readonly { code: string }[] }[]) => items.map((it) => it.diagnostics.map((d) => d.code).sort().join(' '));
    expect(codes(naive.items)).toEqual(codes(core));
  });
});
