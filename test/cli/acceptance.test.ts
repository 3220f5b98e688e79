// The product's acceptance test: the CLI over ../shared/fixtures must report everything
// ../shared/fixtures/expected.json says. ../shared is not in a user's clone: then this skips.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema, type Diagnostic, type Report, type SheetReport } from '../../shared/index.js';
import { buildCli, ROOT, runCli, SHARED, tempDir } from './helpers.js';

const EXPECTED = join(SHARED, 'fixtures/expected.json');

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

describe.runIf(existsSync(EXPECTED))('acceptance: ledger-check over ../shared/fixtures meets expected.json', () => {
  const expected = existsSync(EXPECTED) ? (JSON.parse(readFileSync(EXPECTED, 'utf8')) as Json) : {};
  const tmp = tempDir();
  const reportPath = join(tmp.dir, 'report.json');
  let report: Report;
  let status: number | null;

  beforeAll(() => {
    buildCli();
    // As a developer types it, from the repository: ../shared/fixtures/*.xlsx
    const files = readdirSync(join(SHARED, 'fixtures')).filter((f) => f.endsWith('.xlsx')).sort().map((f) => `../shared/fixtures/${f}`);
    const run = runCli([...files, '--json', '--as-of', String(expected.asOf), '--campaign', `../shared/fixtures/${String(expected.campaign)}`], ROOT);
    status = run.status;
    writeFileSync(reportPath, run.stdout);
    report = ReportSchema.parse(JSON.parse(run.stdout));
  });
  afterAll(tmp.remove);

  it('exits 1, since the fixtures hold errors, with a report ReportSchema accepts', () => {
    expect(status).toBe(1);
    expect(report.asOf).toBe(expected.asOf);
  });

  it.each(expectationsOf(expected))('%s', (_title, check) => check(report));

  it('meets every expectation by ../shared/tools/check-report.mjs', () => {
    const r = spawnSync(process.execPath, [join(SHARED, 'tools/check-report.mjs'), reportPath, EXPECTED], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/met (\d+) of \1 expectations/);
    expect(r.status).toBe(0);
  });
});
