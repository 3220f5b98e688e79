// How an Excel API class is bound to the model: its scalar properties (PascalCase, as on the
// wire), navigation properties, methods, indexer and collection items. The engine looks names
// up here and fails loudly on anything absent.
import type { Rect } from '../address.js';
import { ExcelError, invalidArgument } from '../errors.js';
import type { SheetModel } from '../sheet.js';
import type { WorkbookModel } from '../workbook.js';

/** What every binding may use besides its target. */
export interface ApiCtx {
  wb: WorkbookModel;
  /** Throws the response-size error early when reading this many cells could not fit. */
  budgetCells(cells: number): void;
  /** Throws ApiNotFound when `Type.member` is newer than the simulated Excel's ExcelApi version. */
  requires(member: string): void;
}

export interface PropDef<T> {
  get?: (t: T, ctx: ApiCtx) => unknown;
  set?: (t: T, value: unknown, ctx: ApiCtx) => void;
}

export interface ApiClass<T = unknown> {
  /** The Excel type name (`Range`, `Worksheet`…), used in messages. */
  name: string;
  props?: Record<string, PropDef<T>>;
  navs?: Record<string, (t: T, ctx: ApiCtx) => ApiRef>;
  /** Methods by PascalCase name; they return an ApiRef (object path) or a plain value. */
  methods?: Record<string, (t: T, args: unknown[], ctx: ApiCtx) => unknown>;
  /** `collection.getItem(key)` sent as an indexer path. */
  indexer?: (t: T, args: unknown[], ctx: ApiCtx) => ApiRef;
  /** The items of a collection. */
  items?: (t: T, ctx: ApiCtx) => ApiRef[];
  /** The key the indexer accepts for an item (sent as `_Id` so the client can find it again). */
  key?: (t: T) => string | number;
  /** False once the object was deleted. */
  alive?: (t: T) => boolean;
}

/** An API object: a class and the model object behind it (null for a null object). */
export class ApiRef {
  constructor(
    readonly cls: ApiClass,
    readonly target: unknown,
  ) {}
  get isNull(): boolean {
    return this.target === null;
  }
}

/** Declares a binding with its target type checked. */
export function define<T>(cls: ApiClass<T>): ApiClass<T> {
  return cls;
}

/** An API object for `target`; null makes a null object (`isNullObject` true). */
export function ref<T>(cls: ApiClass<T>, target: T | null): ApiRef {
  return new ApiRef(cls as ApiClass, target);
}

/** The class of objects reached from a null object: everything on it is null or a no-op. */
export const NULL_CLASS: ApiClass = { name: 'NullObject' };

/** The cells behind a Range or RangeAreas. */
export interface RangeTarget {
  sheet: SheetModel;
  areas: Rect[];
}

export function single(t: RangeTarget, what: string): Rect {
  if (t.areas.length !== 1) throw new ExcelError('InvalidOperation', `${what} is not supported on a multi-area range.`);
  return t.areas[0] as Rect;
}

/** Argument helpers: Office.js sends undefined optional arguments as null. */
export function int(v: unknown, name: string, fallback?: number): number {
  if ((v === null || v === undefined) && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidArgument(`The argument ${name} is invalid or missing.`);
  return v;
}
export function str(v: unknown, name: string, fallback?: string): string {
  if ((v === null || v === undefined) && fallback !== undefined) return fallback;
  if (typeof v !== 'string') throw invalidArgument(`The argument ${name} is invalid or missing.`);
  return v;
}
export function bool(v: unknown, name: string, fallback?: boolean): boolean {
  if ((v === null || v === undefined) && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean') throw invalidArgument(`The argument ${name} is invalid or missing.`);
  return v;
}
