// The demo county for the local Worker: every .xlsx of a directory is one unit's ledger. Units
// are read from the ledgers themselves (by the core, as the server will), registered with a
// token each, and then submitted through the running Worker's API like a unit would.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkWorkbooks, type WorkbookInput } from '../shared/index.js';
import { xlsxToWorkbook } from '../worker/xlsx-grid.js';
import { newToken, sql, tokenSql, type Target } from './d1.js';

export interface DemoLedger {
  unit: string;
  workbook: WorkbookInput;
}

/** The ledgers of a directory, each with the unit the core reads from it. */
export async function readLedgers(dir: string): Promise<DemoLedger[]> {
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.xlsx') && !f.startsWith('~$')).sort();
  return Promise.all(files.map(async (f) => {
    const workbook = await xlsxToWorkbook(new Uint8Array(readFileSync(join(dir, f))), basename(f));
    const unit = checkWorkbooks([workbook]).sheets.find((s) => s.isLedger)?.unit;
    if (!unit) throw new Error(`${f}: no ledger found in it`);
    return { unit, workbook };
  }));
}

/** Registers the units and issues one county token and one token per unit, in one call. */
export function issueDemoTokens(target: Target, units: readonly string[]): { county: string; units: Map<string, string> } {
  const county = newToken();
  const perUnit = units.map((u) => ({ unit: u, ...newToken() }));
  sql(target, [tokenSql('county', null, county.hash, '县委巡察办 (demo)'), ...perUnit.map((t) => tokenSql('unit', t.unit, t.hash, `${t.unit} (demo)`))].join('\n'));
  return { county: county.token, units: new Map(perUnit.map((t) => [t.unit, t.token])) };
}

/** Submits each ledger with its unit's token; returns what the server said of each. */
export async function submitLedgers(base: string, ledgers: readonly DemoLedger[], tokens: Map<string, string>) {
  const results: { unit: string; items: number; status: number }[] = [];
  for (const { unit, workbook } of ledgers) {
    const res = await fetch(`${base}/api/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(unit)}`, 'content-type': 'application/json', 'idempotency-key': `demo-seed-${workbook.file}` },
      body: JSON.stringify({ file: workbook.file, sheets: workbook.sheets }),
    });
    const body = (await res.json()) as { submission?: { items: number }; error?: { message: string } };
    if (!res.ok) throw new Error(`seeding ${workbook.file} failed: ${res.status} ${body.error?.message}`);
    results.push({ unit, items: body.submission!.items, status: res.status });
  }
  return results;
}
