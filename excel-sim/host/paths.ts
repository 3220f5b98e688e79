// Object paths of a ProcessQuery request resolved to API objects: the root workbook, properties,
// method calls, indexers (`getItem`) and reference ids handed out by earlier requests.
import { ExcelError, NotModelledError, itemNotFound } from './errors.js';
import { ApiRef, NULL_CLASS, type ApiCtx } from './api/types.js';

export interface ArgumentInfo {
  Arguments?: unknown[];
  ReferencedObjectPathIds?: number[];
}

export interface ObjectPathInfo {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: ArgumentInfo;
}

/** `_ReferenceId`s handed to the client, alive for the page's lifetime. */
export class ReferenceStore {
  private readonly map = new Map<string, ApiRef>();
  private next = 0;
  add(r: ApiRef): string {
    const id = `ref${++this.next}`;
    this.map.set(id, r);
    return id;
  }
  get(id: string): ApiRef | undefined {
    return this.map.get(id);
  }
  remove(id: string): void {
    this.map.delete(id);
  }
  get size(): number {
    return this.map.size;
  }
  /** Forgets every reference (a new workbook was opened: old objects must not reach it). */
  clear(): void {
    this.map.clear();
  }
}

const camel = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

/** Resolves the object paths of one request, each once, in the order actions reach them. */
export class PathResolver {
  private readonly cache = new Map<number, ApiRef>();

  constructor(
    private readonly paths: Record<string, ObjectPathInfo>,
    private readonly refs: ReferenceStore,
    private readonly root: ApiRef,
    private readonly ctx: ApiCtx,
  ) {}

  info(id: number): ObjectPathInfo {
    const p = this.paths[String(id)];
    if (!p) throw new ExcelError('InvalidObjectPath', `The request refers to object path ${id}, which it does not contain.`);
    return p;
  }

  /** Arguments with object-path references replaced by the objects. */
  args(info: ArgumentInfo | undefined): unknown[] {
    const args = [...(info?.Arguments ?? [])];
    info?.ReferencedObjectPathIds?.forEach((id, i) => {
      if (id) args[i] = this.resolve(id);
    });
    return args;
  }

  resolve(id: number): ApiRef {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const r = this.compute(this.info(id));
    const alive = r.cls.alive;
    if (r.target !== null && alive && !alive(r.target)) throw itemNotFound(`The ${r.cls.name} referred to by ${this.describe(id)} has been deleted.`);
    this.cache.set(id, r);
    return r;
  }

  private compute(p: ObjectPathInfo): ApiRef {
    if (p.ObjectPathType === 1) return this.root;
    if (p.ObjectPathType === 6) {
      const r = this.refs.get(p.Name);
      if (!r) throw new ExcelError('InvalidObjectPath', `The reference "${p.Name}" is not known to the host.`);
      return r;
    }
    if (p.ObjectPathType === 2) throw new NotModelledError(`new object ${p.Name}`);
    const parent = this.resolve(p.ParentObjectPathId ?? -1);
    if (parent.isNull) return new ApiRef(NULL_CLASS, null);
    const cls = parent.cls;
    const t = parent.target;
    if (p.ObjectPathType === 4) {
      this.ctx.requires(`${cls.name}.${camel(p.Name)}`);
      const nav = cls.navs?.[p.Name];
      if (!nav) throw new NotModelledError(`${cls.name}.${camel(p.Name)}`);
      return nav(t, this.ctx);
    }
    if (p.ObjectPathType === 5) {
      if (!cls.indexer) throw new NotModelledError(`${cls.name}.getItem (indexer)`);
      return cls.indexer(t, this.args(p.ArgumentInfo), this.ctx);
    }
    if (p.ObjectPathType === 3) {
      this.ctx.requires(`${cls.name}.${camel(p.Name)}`);
      const m = cls.methods?.[p.Name];
      if (!m) throw new NotModelledError(`${cls.name}.${camel(p.Name)}()`);
      const out = m(t, this.args(p.ArgumentInfo), this.ctx);
      if (!(out instanceof ApiRef)) throw new ExcelError('GeneralException', `${cls.name}.${camel(p.Name)}() does not return an object.`);
      return out;
    }
    throw new NotModelledError(`object path type ${p.ObjectPathType}`);
  }

  /** `workbook.worksheets.getActiveWorksheet().getRange("A1")`, for messages. */
  describe(id: number): string {
    const p = this.paths[String(id)];
    if (!p) return `#${id}`;
    const args = (): string => (p.ArgumentInfo?.Arguments ?? []).map((a) => JSON.stringify(a)).join(', ');
    switch (p.ObjectPathType) {
      case 1:
        return 'workbook';
      case 6:
        return `<${p.Name}>`;
      case 4:
        return `${this.describe(p.ParentObjectPathId ?? -1)}.${camel(p.Name)}`;
      case 5:
        return `${this.describe(p.ParentObjectPathId ?? -1)}.getItem(${args()})`;
      case 3:
        return `${this.describe(p.ParentObjectPathId ?? -1)}.${camel(p.Name)}(${args()})`;
      default:
        return `<${p.Name}>`;
    }
  }
}
