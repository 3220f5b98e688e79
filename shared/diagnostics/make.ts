import { columnLetter } from '../columns.js';
import type { Diagnostic, Field, Severity } from '../schema/report.js';
import { DIAGNOSTICS, type DiagnosticCode } from './catalog.js';

export type DetailValue = string | number | boolean | null;

export interface Where {
  file: string;
  sheet: string;
  row?: number;
  column?: number;
  field?: Field;
}

/** A template split once into text and {name} parts, so filling it is a join, not a regex. */
const COMPILED = new Map<string, string[]>();

function compiled(template: string): string[] {
  let parts = COMPILED.get(template);
  if (!parts) COMPILED.set(template, (parts = template.split(/\{(\w+)\}/)));
  return parts;
}

/** Fills a template's {name} placeholders; unknown names stay visible rather than vanish. */
function fill(parts: readonly string[], details: Record<string, DetailValue>): string {
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (name in details ? String(details[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/**
 * A code's messages, each distinct pair built once and shared by every diagnostic that reads the
 * same (a ledger repeats its 责任人未填写, its overdue dates, its vague lengths): a report of
 * 100,000 items holds a few thousand message strings instead of one pair per diagnostic.
 */
interface Messages {
  zh: string[];
  en: string[];
  /** The placeholders of both templates, each once: what the messages depend on. */
  names: string[];
  /**
   * Filled messages by the placeholders' values, one map level per placeholder (no key to build);
   * none for codes whose messages are all distinct.
   */
  cache: Map<unknown, unknown> | undefined;
  size: number;
  /** The messages of a code without placeholders. */
  plain?: Filled;
}

const MESSAGES = new Map<DiagnosticCode, Messages>();
/** Codes that name another item (its key, unit, similarity): their messages hardly ever repeat (a repeated description names its first row, which its repeats share). */
const UNIQUE: ReadonlySet<DiagnosticCode> = new Set(['near-duplicate', 'returned-unchanged']);
const CACHE_LIMIT = 20_000;
/** The key of a placeholder the details do not have. */
const ABSENT = Symbol('absent');

function messagesOf(code: DiagnosticCode): Messages {
  let m = MESSAGES.get(code);
  if (!m) {
    const def = DIAGNOSTICS[code];
    const zh = compiled(def.zh);
    const en = compiled(def.en);
    // Placeholders sit at the odd places of each split template.
    const names = [...new Set([...zh.filter((_, i) => i % 2 === 1), ...en.filter((_, i) => i % 2 === 1)])];
    m = { zh, en, names, cache: UNIQUE.has(code) ? undefined : new Map(), size: 0 };
    MESSAGES.set(code, m);
  }
  return m;
}

/**
 * The filled Chinese and English messages of a code, shared when they were built before; and,
 * when the details hold the placeholders' values and nothing else, a frozen copy of them shared
 * the same way (a report of 100,000 items repeats its {label} and {length} details too).
 */
type Filled = readonly [string, string, Readonly<Record<string, DetailValue>> | undefined];

function messages(code: DiagnosticCode, details: Record<string, DetailValue>): Filled {
  const m = messagesOf(code);
  if (m.names.length === 0) return (m.plain ??= [m.zh[0]!, m.en[0]!, undefined]);
  if (!m.cache) return [fill(m.zh, details), fill(m.en, details), undefined];
  // Values as Map keys: 29 and '29' are two keys for one message, which costs only a copy.
  let level = m.cache;
  let present = 0;
  const last = m.names.length - 1;
  for (let i = 0; i < last; i++) {
    const name = m.names[i]!;
    const v = name in details ? (present++, details[name]) : ABSENT;
    let next = level.get(v) as Map<unknown, unknown> | undefined;
    if (!next) level.set(v, (next = new Map()));
    level = next;
  }
  const name = m.names[last]!;
  const v = name in details ? (present++, details[name]) : ABSENT;
  let hit = level.get(v) as Filled | undefined;
  if (!hit) {
    // Shareable only when the placeholders are all the details there are.
    const onlyNames = present === m.names.length && keyCount(details) === present;
    hit = [fill(m.zh, details), fill(m.en, details), onlyNames ? Object.freeze({ ...details }) : undefined];
    if (++m.size > CACHE_LIMIT) {
      m.cache.clear();
      m.size = 0;
    } else level.set(v, hit);
  }
  return hit;
}

function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

/**
 * A diagnostic of a catalogued code at a place, its messages filled from details.
 * @example makeDiagnostic('overdue', { file, sheet, row: 12, column: 9, field: 'deadline' }, { due: '2023-04-30', days: 29 })
 */
export function makeDiagnostic(code: DiagnosticCode, where: Where, details: Record<string, DetailValue> = {}, severity?: Severity): Diagnostic {
  return diagnosticAt(code, where.file, where.sheet, where.row, where.column === undefined ? undefined : columnLetter(where.column), where.field, details, severity);
}

/**
 * makeDiagnostic with the place given as values, the column as its letter: what the per-item
 * checks call, with no place object and no letters worked out again for every diagnostic.
 */
export function diagnosticAt(
  code: DiagnosticCode, file: string, sheet: string, row: number | undefined, column: string | undefined, field: Field | undefined,
  details?: Record<string, DetailValue>, severity?: Severity,
): Diagnostic {
  const filled = messages(code, details ?? NONE);
  const message = filled[0];
  const messageEn = filled[1];
  const sev = severity ?? DIAGNOSTICS[code].severity;
  // Shared details stand for details that held every placeholder (so at least one key).
  const shared = filled[2];
  const withDetails = shared !== undefined || (details !== undefined && hasKeys(details));
  if (shared) details = shared as Record<string, DetailValue>;
  // A cell's diagnostic written whole, so it is one object of a fixed shape (properties added
  // one by one would each need room outside it); the keys keep the order of the general case.
  if (row !== undefined && field) {
    if (column !== undefined) {
      return withDetails
        ? { code, severity: sev, file, sheet, message, messageEn, row, column, field, details }
        : { code, severity: sev, file, sheet, message, messageEn, row, column, field };
    }
    return withDetails
      ? { code, severity: sev, file, sheet, message, messageEn, row, field, details }
      : { code, severity: sev, file, sheet, message, messageEn, row, field };
  }
  const d: Diagnostic = { code, severity: sev, file, sheet, message, messageEn };
  if (row !== undefined) d.row = row;
  if (column !== undefined) d.column = column;
  if (field) d.field = field;
  if (withDetails) d.details = details;
  return d;
}

const NONE: Record<string, DetailValue> = Object.freeze({});

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}
