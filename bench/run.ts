// `npm run bench`: every benchmark in turn, each printing its figures against a naive way
// measured in the same run, and the SPEC section 11 target it is held to; then the headline
// figures as README's measured table (bench/measured-table.ts). `npm run bench -- --readme [suites]`
// also writes that table into README.md (the rows of the suites run; the others kept).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { headlines, measuredTable, withMeasured } from './measured-table.js';

const args = process.argv.slice(2);
const writeReadme = args.includes('--readme');
const suites = args.filter((a) => a !== '--readme');
const all = ['core', 'cli', 'worker', 'memory', 'excel'];
const started = new Date();
const loads: number[] = [];
for (const name of suites.length ? suites : all) {
  const mod = (await import(`./${name}.ts`)) as { run: () => Promise<void> };
  console.log(`\n== ${name}`);
  loads.push(loadavg()[0]!);
  await mod.run();
  loads.push(loadavg()[0]!);
}
// When: the run's start (UTC, to the minute) and the 1-minute load averages seen between suites.
const when = `${started.toISOString().slice(0, 16).replace('T', ' ')}, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
const rows = headlines();
// Phases picked by BENCH_PHASES may record no headline: then there is no table to print or write.
if (rows.size) {
  console.log(`\n== measured (README's table; npm run bench -- --readme writes it)\n`);
  console.log(measuredTable(new Map([...rows].map(([id, m]) => [id, { ...m, when }]))));
}
if (writeReadme && rows.size) {
  const path = resolve(fileURLToPath(import.meta.url), '../../README.md');
  writeFileSync(path, withMeasured(readFileSync(path, 'utf8'), rows, when));
  console.log(`\nREADME.md: ${rows.size} rows of the measured table written`);
}
export {};
