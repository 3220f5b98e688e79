import type { D1Database } from '@cloudflare/workers-types';
import { mismatchedUnits, type Report } from '../shared/index.js';
import type { Principal } from './env.js';
import { ApiError } from './errors.js';
import { jsonChunks } from './db/json-chunks.js';
import { findUnitByName, type UnitRow } from './db/units.js';

/** A unit token submits for its own unit only; a county token may name any registered unit. */
export async function explicitUnit(db: D1Database, principal: Principal, named: string | undefined): Promise<UnitRow | null> {
  if (principal.role === 'unit') {
    if (named !== undefined && named !== principal.unitName) {
      throw new ApiError('wrong-unit', `该令牌只能报送${principal.unitName}的台账，不能报送${named}的 (this token submits for ${principal.unitName} only)`);
    }
    return { id: principal.unitId!, name: principal.unitName! };
  }
  if (named === undefined) return null;
  const unit = await findUnitByName(db, named);
  if (!unit) throw new ApiError('unit-unknown', `单位“${named}”未登记，请管理员先登记 (register it with: npm run admin -- unit add)`);
  return unit;
}

/**
 * SPEC 12.1: a request for one unit whose ledger names another (填报单位, title or unit column)
 * is refused unless confirmed. A unit token's ledger that names several units (an aggregate)
 * is refused even when confirmed: only the county splits aggregates.
 */
export function refuseMismatch(report: Report, unit: string, principal: Principal, named: boolean, confirmed: boolean): void {
  const others = mismatchedUnits(report, unit);
  if (others.length === 0) return;
  if (principal.role === 'unit' && others.length > 1) {
    throw new ApiError('unit-ambiguous', `本单位令牌只能报送本单位台账，此表列有多个单位：${others.join('、')} (a unit token submits its own ledger only)`, undefined, {}, others);
  }
  // A unit token that names no unit submits for its own unit, whatever its sheet says.
  if (!named || confirmed) return;
  throw new ApiError(
    'unit-mismatch',
    `报送单位“${unit}”，台账自身所写单位“${others.join('、')}” (the request names ${unit}, the ledger names ${others.join(', ')})`,
    undefined, {}, { requested: unit, ledger: others },
  );
}

/** The units the items of a report belong to, in first-seen order. */
export function itemUnits(report: Report): string[] {
  return [...new Set(report.sheets.filter((s) => s.isLedger).flatMap((s) => s.items.map((i) => i.unit)))];
}

/** Without a named unit, the ledger names it (label, title, sheet or file): one registered unit. */
export async function inferredUnit(db: D1Database, report: Report): Promise<UnitRow> {
  const names = new Set(report.sheets.filter((s) => s.isLedger).flatMap((s) => [s.unit, ...s.items.map((i) => i.unit)]));
  if (names.size !== 1) {
    throw new ApiError('unit-ambiguous', `一次报送只能是一个单位的台账，此表写有：${[...names].join('、')} (a submission holds one unit's ledger)`);
  }
  const [name] = names as Set<string>;
  const unit = await findUnitByName(db, name!);
  if (!unit) throw new ApiError('unit-unknown', `台账所写单位“${name}”未登记，请写明已登记的单位 (the ledger's unit is not registered; name a registered unit)`);
  return unit;
}

/** Every unit of a county aggregate, registered; else 422 `unit-unregistered` naming all that are not. */
export async function aggregateUnits(db: D1Database, names: readonly string[]): Promise<UnitRow[]> {
  const found = new Map<string, UnitRow>();
  for (const chunk of jsonChunks(names)) {
    const { results } = await db.prepare('SELECT id, name FROM units WHERE name IN (SELECT value FROM json_each(?))').bind(chunk).all<UnitRow>();
    for (const u of results) found.set(u.name, u);
  }
  const missing = names.filter((n) => !found.has(n));
  if (missing.length) {
    throw new ApiError('unit-unregistered', `以下单位未登记：${missing.join('、')} (units not registered: ${missing.join(', ')})`, undefined, {}, missing);
  }
  return names.map((n) => found.get(n)!);
}
