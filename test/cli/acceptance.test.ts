// The product's acceptance test: the CLI over SPEC's public fixtures (the project's copy in
// test/fixtures/spec) must report everything their expected.json says.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema, type Diagnostic, type Report, type SheetReport } from '../../shared/index.js';
import { buildCli, ROOT, runCli, SPEC_FIXTURES } from './helpers.js';

const EXPECTED = join(SPEC_FIXTURES, 'expected.json');

type Check = [title: string, check: (report: Report) => void];
type Json = Record<string, unknown>;

const sheetsOf = (report: Report, file: string, sheet?: string) => report.sheets.filter((s) => basename(s.file) === file && (!sheet || s.sheet === sheet));
const allDiagnostics = (s: SheetReport): Diagnostic[] => [...s.diagnostics, ...s.items.flatMap((i) => i.diagnostics.map((d) => ({ ...d, row: d.row ?? i.row })))];

/** One check per expectation of a file's item, each with a sentence for a title. */
function itemChecks(file: string, sheet: (r: Report) => SheetReport, item: Json): Check[] {
  const row = item.row as number;
  const it = (r: Report) => {
    const found = sheet(r).items.find((i) => i.row === row);
    expect(found, `${file} has an item at row ${row}`).toBeDefined();
    return found!;
  };
  const checks: Check[] = [[`${file} row ${row} is an item`, (r) => void it(r)]];
  for (const [key, want] of Object.entries(item)) {
    if (key === 'row') continue;
    const title = `${file} row ${row} has ${key} ${JSON.stringify(want)}`;
    if (key === 'deadline') checks.push([title, (r) => expect(it(r).deadline).toMatchObject(want as Json)]);
    else if (key === 'status') checks.push([title, (r) => expect(it(r).status).toBe(want)]);
    else if (key === 'timeliness') checks.push([title, (r) => expect(it(r).timeliness.state).toBe(want)]);
    else if (key === 'daysOverdue') checks.push([title, (r) => expect(it(r).timeliness.daysOverdue).toBe(want)]);
    else if (key === 'leader') checks.push([title, (r) => expect(it(r).fields.leader).toBe(want)]);
    else if (key === 'diagnostics' && Array.isArray(want) && want.length === 0) {
      checks.push([`${file} row ${row} has no error or warning`, (r) => expect(allDiagnostics(sheet(r)).filter((d) => d.row === row && d.severity !== 'info').map((d) => d.code)).toEqual([])]);
    } else if (key === 'diagnostics') {
      for (const d of want as { code: string; column?: string }[]) {
        checks.push([`${file} row ${row} reports ${d.code}${d.column ? ` at ${d.column}${row}` : ''}`, (r) => expect(allDiagnostics(sheet(r))).toContainEqual(expect.objectContaining({ row, code: d.code, ...(d.column ? { column: d.column } : {}) }))]);
      }
    } else checks.push([`the test understands the item expectation "${key}"`, () => expect.fail(`unknown key ${key} in ${file} row ${row}`)]);
  }
  return checks;
}

/** Walks expected.json: every expectation it holds becomes one check. */
function expectationsOf(expected: Json): Check[] {
  const checks: Check[] = [];
  for (const [file, exp] of Object.entries((expected.files ?? {}) as Record<string, Json>)) {
    const sheet = (r: Report) => {
      const s = sheetsOf(r, file, exp.sheet as string | undefined)[0];
      expect(s, `a sheet of ${file}${exp.sheet ? ` named ${exp.sheet}` : ''} in the report`).toBeDefined();
      return s!;
    };
    for (const [key, want] of Object.entries(exp)) {
      const title = `${file} has ${key} ${JSON.stringify(want)}`;
      if (key === 'sheet') checks.push([`${file} is read from its sheet ${want}`, (r) => void sheet(r)]);
      else if (key === 'unit' || key === 'firstDataRow' || key === 'fillDate') checks.push([title, (r) => expect(sheet(r)[key]).toBe(want)]);
      else if (key === 'headerRows') checks.push([title, (r) => expect(sheet(r).headerRows).toEqual(want)]);
      else if (key === 'columns') for (const [field, col] of Object.entries(want as Json)) checks.push([`${file} reads ${field} from column ${col}`, (r) => expect(sheet(r).columns[field]).toBe(col)]);
      else if (key === 'items') {
        const items = want as Json[];
        checks.push([`${file} has exactly ${items.length} items`, (r) => expect(sheet(r).items.map((i) => i.row)).toEqual(items.map((i) => i.row))]);
        for (const item of items) checks.push(...itemChecks(file, sheet, item));
      } else if (key === 'notItems') {
        for (const row of want as number[]) checks.push([`${file} row ${row} is not an item`, (r) => expect(sheet(r).items.map((i) => i.row)).not.toContain(row)]);
      }
      else if (key === 'sheetDiagnostics') {
        for (const d of want as { code: string; field?: string }[]) checks.push([`${file} reports ${d.code}${d.field ? ` for ${d.field}` : ''}`, (r) => expect(allDiagnostics(sheet(r))).toContainEqual(expect.objectContaining({ code: d.code, ...(d.field ? { field: d.field } : {}) }))]);
      } else if (key === 'forbiddenInFile') {
        for (const code of want as string[]) checks.push([`${file} never reports ${code}`, (r) => expect(sheetsOf(r, file).flatMap(allDiagnostics).map((d) => d.code)).not.toContain(code)]);
      } else if (key === 'unitKeyAttention') {
        checks.push([`${exp.unit} is under key attention for ${JSON.stringify(want)}`, (r) => expect(r.units.find((u) => u.unit === exp.unit)).toMatchObject({ keyAttention: true, reasons: expect.arrayContaining(want as string[]) })]);
      } else checks.push([`the test understands the file expectation "${key}"`, () => expect.fail(`unknown key ${key} for ${file}`)]);
    }
  }
  for (const pair of (expected.crossUnit ?? []) as { code: string; a: { file: string; row: number }; b: { file: string; row: number }; similarityAtLeast?: number }[]) {
    const ends = (p: { file: string; row: number }) => `${basename(p.file)}#${p.row}`;
    checks.push([`${pair.code} joins ${ends(pair.a)} and ${ends(pair.b)}`, (r) => {
      const found = r.crossUnit.find((c) => [ends(c.a), ends(c.b)].sort().join() === [ends(pair.a), ends(pair.b)].sort().join());
      expect(found).toBeDefined();
      expect(found!.similarity).toBeGreaterThanOrEqual(pair.similarityAtLeast ?? 0);
    }]);
  }
  for (const [unit, want] of Object.entries((expected.units ?? {}) as Record<string, Json>)) {
    checks.push([`unit ${unit} is reported as ${JSON.stringify(want)}`, (r) => {
      const u = r.units.find((x) => x.unit === unit);
      expect(u).toMatchObject({ ...(want.items !== undefined ? { items: want.items } : {}), ...(want.keyAttention !== undefined ? { keyAttention: want.keyAttention } : {}) });
      expect(u!.reasons).toEqual(expect.arrayContaining((want.reasons ?? []) as string[]));
    }]);
  }
  return checks;
}

describe('acceptance: ledger-check over the public fixtures meets expected.json', () => {
  const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Json;
  let report: Report;
  let status: number | null;

  beforeAll(() => {
    buildCli();
    // As a developer types it, from the repository: test/fixtures/spec/*.xlsx
    const files = readdirSync(SPEC_FIXTURES).filter((f) => f.endsWith('.xlsx')).sort().map((f) => `test/fixtures/spec/${f}`);
    const run = runCli([...files, '--json', '--as-of', String(expected.asOf), '--campaign', `test/fixtures/spec/${String(expected.campaign)}`], ROOT);
    status = run.status;
    report = ReportSchema.parse(JSON.parse(run.stdout));
  });

  it('exits 1, since the fixtures hold errors, with a report ReportSchema accepts', () => {
    expect(status).toBe(1);
    expect(report.asOf).toBe(expected.asOf);
  });

  it.each(expectationsOf(expected))('%s', (_title, check) => check(report));

});
