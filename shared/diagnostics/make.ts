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

/** Fills a template's {name} placeholders; unknown names stay visible rather than vanish. */
function fill(template: string, details: Record<string, DetailValue>): string {
  let parts = COMPILED.get(template);
  if (!parts) COMPILED.set(template, (parts = template.split(/\{(\w+)\}/)));
  if (parts.length === 1) return template;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (name in details ? String(details[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/**
 * A diagnostic of a catalogued code at a place, its messages filled from details.
 * @example makeDiagnostic('overdue', { file, sheet, row: 12, column: 9, field: 'deadline' }, { due: '2023-04-30', days: 29 })
 */
export function makeDiagnostic(code: DiagnosticCode, where: Where, details: Record<string, DetailValue> = {}, severity?: Severity): Diagnostic {
  const def = DIAGNOSTICS[code];
  const d: Diagnostic = {
    code,
    severity: severity ?? def.severity,
    file: where.file,
    sheet: where.sheet,
    message: fill(def.zh, details),
    messageEn: fill(def.en, details),
  };
  if (where.row !== undefined) d.row = where.row;
  if (where.column !== undefined) d.column = columnLetter(where.column);
  if (where.field) d.field = where.field;
  if (Object.keys(details).length) d.details = details;
  return d;
}
