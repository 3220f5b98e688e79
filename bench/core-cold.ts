// Run by bench/core.ts in a fresh process: the core's first check, as the CLI runs it once per
// invocation (interpreted and half-compiled code, no warm-up). `check`: checkWorkbooks whole;
// `read`: the sheet reading and per-item checks alone (no near-duplicate search); `ledger`: only
// whether the sheet holds a ledger (holdsLedger, what the add-in's 报送 asks). Arguments: the
// mode, rows, units. Prints wall and CPU time as JSON; the ledger is generated before the clock starts.
import { campaignOrDefault, checkWorkbooks, detectHeader, holdsLedger, SheetView } from '../shared/index.js';
import { normaliseCategory } from '../shared/item-check.js';
import { readLedgerSheet } from '../shared/ledger-sheet.js';
import { aggregateGrid } from './ledger-gen.js';

const mode = process.argv[2] === 'read' || process.argv[2] === 'ledger' ? process.argv[2] : 'check';
const rows = Number(process.argv[3] ?? 5000);
const grid = aggregateGrid(rows, Number(process.argv[4] ?? 20), 5);
const asOf = '2023-05-29';
const cpu = process.cpuUsage();
const t = performance.now();
let items: number;
if (mode === 'check') {
  items = checkWorkbooks([{ file: 'county.xlsx', sheets: [grid] }], { asOf }).stats.items;
} else if (mode === 'ledger') {
  items = holdsLedger(new SheetView(grid, 'county.xlsx')) ? rows : 0;
} else {
  const view = new SheetView(grid, 'county.xlsx');
  const campaign = campaignOrDefault();
  items = readLedgerSheet(view, detectHeader(view)!, { campaign, categories: new Set(campaign.categories.map(normaliseCategory)), asOf }).report.items.length;
}
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, items }));
