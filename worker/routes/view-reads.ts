import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { validDate } from '../http.js';
import { asOfWayStatement, wayOf, type AsOfWayRow, type KnownWay } from '../db/as-of.js';
import { unitByNameStatement, type UnitRow } from '../db/units.js';

/** The date a view reads (`asOf`, else the county's today); undefined for one the route will refuse. */
function askedDate(c: Context<AppEnv>): string | undefined {
  try {
    return validDate(c.req.query('asOf')) ?? c.get('today');
  } catch {
    return undefined;
  }
}

/** The unit a view names: a letter's in its path (`:unit`), else `?unit=` (a county token's view of one unit). */
function namedUnit(c: Context<AppEnv>): string | undefined {
  return c.req.param('unit') ?? c.req.query('unit');
}

/**
 * GET /items, /summary, /reminders, the bulletin and a unit's letter (mounted before
 * requireToken): how to read their date (db/as-of.ts asOfWay: whether anything is dated after
 * it) needs only the date, and the unit a view names only its name, so both are asked in the
 * token's own round trip, not in round trips of their own between the token and the view.
 */
export const viewReads = createMiddleware<AppEnv>(async (c, next) => {
  const asOf = c.req.method === 'GET' ? askedDate(c) : undefined;
  const unit = namedUnit(c);
  if (asOf) c.set('withToken', (db) => [asOfWayStatement(db, asOf), ...(unit === undefined ? [] : [unitByNameStatement(db, unit)])]);
  await next();
});

/** viewReads's date answer, with the date it was asked for (asOfWay uses it only for that date). */
export function knownWay(c: Context<AppEnv>): KnownWay | undefined {
  const [row] = c.get('withTokenResults') ?? [];
  const asOf = askedDate(c);
  if (!row || !asOf) return undefined;
  return { asOf, way: wayOf((row.results[0] as AsOfWayRow | undefined) ?? null, asOf) };
}

/** viewReads's unit answer: the unit registered under the name asked (null: none), for unitScope. */
export function knownUnit(c: Context<AppEnv>): { name: string; row: UnitRow | null } | undefined {
  const [, row] = c.get('withTokenResults') ?? [];
  const name = namedUnit(c);
  if (!row || name === undefined) return undefined;
  return { name, row: (row.results[0] as UnitRow | undefined) ?? null };
}
