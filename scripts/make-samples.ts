// Writes the project's own sample ledgers (deterministic: the same bytes on every run).
//   npx tsx scripts/make-samples.ts [OUT_DIR]      (default: test/fixtures)
// Used by the README example, the CLI tests, the benchmark and the Worker's demo seed.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type ExcelJS from 'exceljs';
import { aggregateWorkbook } from './samples/aggregate.js';
import { DEMO_UNITS, demoWorkbook } from './samples/demo-county.js';
import { emptyLedgerWorkbook, excelTableWorkbook, noLedgerWorkbook, withInstructionsWorkbook } from './samples/edge-cases.js';
import { saveDeterministic } from './samples/save.js';
import { unitLedgerWorkbook } from './samples/unit-ledger.js';

/** Every sample: its path under the output folder and how to build it. */
export const SAMPLES: [path: string, build: () => ExcelJS.Workbook][] = [
  ['unit-two-level-header.xlsx', unitLedgerWorkbook],
  ['county-aggregate-5000.xlsx', () => aggregateWorkbook(5000)],
  ['empty-ledger.xlsx', emptyLedgerWorkbook],
  ['with-instructions.xlsx', withInstructionsWorkbook],
  ['no-ledger.xlsx', noLedgerWorkbook],
  ['excel-table.xlsx', excelTableWorkbook],
  ...DEMO_UNITS.map((u): [string, () => ExcelJS.Workbook] => [join('demo-county', u.file), () => demoWorkbook(u)]),
];

/** @example await makeSamples('/tmp/samples') // ['/tmp/samples/unit-two-level-header.xlsx', …] */
export async function makeSamples(outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [path, build] of SAMPLES) {
    const target = join(outDir, path);
    await saveDeterministic(build(), target);
    written.push(target);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const outDir = resolve(process.argv[2] ?? join(root, 'test/fixtures'));
  const written = await makeSamples(outDir);
  console.log(`wrote ${written.length} sample ledgers to ${outDir}`);
}
