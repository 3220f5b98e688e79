// The answer to a Query (load) or QueryAsJson (retrieve/toJSON) action: selected scalar
// properties, nested navigation properties (`format/fill/color`), collections as `_Items`
// (with the key each item can be found again by), all in PascalCase, or camelCase for JSON.
import { NotModelledError } from './errors.js';
import type { ApiCtx, ApiRef } from './api/types.js';
import type { ReferenceStore } from './paths.js';

export interface QueryInfo {
  Select?: string[];
  Expand?: string[];
  Top?: number;
  Skip?: number;
}

type Mode = 'load' | 'json';
const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const camel = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** Splits selections by their first segment: `format/fill/color` → format: [fill/color]. */
function group(paths: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of paths) {
    const i = p.search(/[/.]/);
    const head = i < 0 ? p : p.slice(0, i);
    const rest = i < 0 ? '' : p.slice(i + 1);
    const list = out.get(head) ?? [];
    if (rest) list.push(rest);
    out.set(head, list);
  }
  return out;
}

export class QueryBuilder {
  constructor(
    private readonly ctx: ApiCtx,
    private readonly refs: ReferenceStore,
    private readonly mode: Mode,
  ) {}

  private key(pascalName: string): string {
    return this.mode === 'json' ? camel(pascalName) : pascalName;
  }

  /** The value of a query on `r`; null for a null object. */
  build(r: ApiRef, q: QueryInfo): unknown {
    if (r.isNull) return null;
    const select = q.Select ?? [];
    const expand = q.Expand ?? [];
    if (r.cls.items) return this.collection(r, select, expand, q);
    return this.object(r, select, expand);
  }

  /** Every scalar property the simulated Excel version has (an older Excel knows fewer). */
  private allScalars(r: ApiRef, out: Record<string, unknown>): void {
    for (const [name, def] of Object.entries(r.cls.props ?? {})) {
      if (!def.get) continue;
      try {
        this.ctx.requires(`${r.cls.name}.${camel(name)}`);
      } catch {
        continue;
      }
      out[this.key(name)] = def.get(r.target, this.ctx) ?? null;
    }
  }

  private object(r: ApiRef, select: string[], expand: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (select.length === 0 || select.includes('*')) this.allScalars(r, out);
    for (const [head, rest] of group(select.filter((s) => s !== '*'))) this.member(r, head, rest, out, true);
    for (const [head, rest] of group(expand)) this.member(r, head, rest, out, false);
    return out;
  }

  private member(r: ApiRef, head: string, rest: string[], out: Record<string, unknown>, scalarAllowed: boolean): void {
    const name = pascal(head);
    this.ctx.requires(`${r.cls.name}.${head}`);
    const prop = r.cls.props?.[name];
    if (prop && scalarAllowed) {
      if (!prop.get) throw new NotModelledError(`${r.cls.name}.${head} (read)`);
      out[this.key(name)] = prop.get(r.target, this.ctx) ?? null;
      return;
    }
    const nav = r.cls.navs?.[name];
    if (!nav) throw new NotModelledError(`${r.cls.name}.${head}`);
    out[this.key(name)] = this.build(nav(r.target, this.ctx), { Select: rest });
  }

  private collection(r: ApiRef, select: string[], expand: string[], q: QueryInfo): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const own = select.filter((s) => r.cls.props?.[pascal(s)]);
    for (const s of own) out[this.key(pascal(s))] = r.cls.props?.[pascal(s)]?.get?.(r.target, this.ctx) ?? null;
    const itemSelect = select.filter((s) => !own.includes(s));
    if (own.length && !itemSelect.length && !expand.length) return out;
    let items = (r.cls.items as NonNullable<typeof r.cls.items>)(r.target, this.ctx);
    if (q.Skip) items = items.slice(q.Skip);
    if (q.Top !== undefined) items = items.slice(0, q.Top);
    out[this.mode === 'json' ? 'items' : '_Items'] = items.map((item) => {
      const v = this.object(item, itemSelect, expand);
      const key = item.cls.key?.(item.target);
      if (this.mode === 'load') {
        if (r.cls.indexer && key !== undefined) v._Id = key;
        else v._ReferenceId = this.refs.add(item);
      }
      return v;
    });
    return out;
  }
}

