import type ExcelJS from 'exceljs';
import type { Diagnostic, Severity } from '../shared/index.js';

/**
 * Highlights and notes on diagnosed cells. Everything the checker adds is recognisable, so a
 * run on its own output replaces its earlier marks instead of piling them up: its notes sit
 * after NOTE_MARKER (the user's own note before it is kept), its fills use these exact colours.
 */
export const NOTE_MARKER = '【台账检查】';

export const SEVERITY_FILL: Record<Severity, string> = {
  error: 'FFFFC7CE', // Excel's own "light red fill"
  warning: 'FFFFEB9C', // Excel's own "yellow fill"
  info: 'FFDDEBF7',
};
const OWN_FILLS = new Set(Object.values(SEVERITY_FILL));
const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

type RichText = ExcelJS.RichText;
type NoteValue = string | { texts?: RichText[] } | undefined;

// ExcelJS shares one style object between cells of the same style: always assign a new one.
function setFill(cell: ExcelJS.Cell, argb: string | undefined): void {
  const { fill: _old, ...rest } = cell.style;
  cell.style = argb ? { ...rest, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb } } } : rest;
}

function fillColour(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.style.fill;
  return fill?.type === 'pattern' ? fill.fgColor?.argb : undefined;
}

/** The note's runs up to the checker's own block. */
function userRuns(note: NoteValue): RichText[] {
  const runs: RichText[] = typeof note === 'string' ? [{ text: note }] : [...(note?.texts ?? [])];
  const kept: RichText[] = [];
  for (const run of runs) {
    const at = run.text.indexOf(NOTE_MARKER);
    if (at < 0) {
      kept.push(run);
      continue;
    }
    if (at > 0) kept.push({ ...run, text: run.text.slice(0, at) });
    break;
  }
  const last = kept[kept.length - 1];
  if (last) kept[kept.length - 1] = { ...last, text: last.text.replace(/\s+$/, '') };
  return kept.filter((r) => r.text.length > 0);
}

function setNote(cell: ExcelJS.Cell, runs: RichText[]): void {
  if (runs.length === 0) {
    // ExcelJS has no public way to delete a note: drop it from the cell, and from the model the
    // cell was read with, which ExcelJS would otherwise write back.
    const internal = cell as unknown as { _comment?: unknown; _value?: { model?: { comment?: unknown } } };
    internal._comment = undefined;
    if (internal._value?.model) delete internal._value.model.comment;
    return;
  }
  const old = cell.note as NoteValue;
  cell.note = typeof old === 'object' ? { ...old, texts: runs } : runs.length === 1 && !runs[0]!.font ? runs[0]!.text : { texts: runs };
}

/**
 * Marks one cell: fill by the worst severity, the messages appended to its note.
 * @example markCell(ws.getCell('H8'), [diagnostic])
 */
export function markCell(cell: ExcelJS.Cell, diagnostics: Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  const sorted = [...diagnostics].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  setFill(cell, SEVERITY_FILL[sorted[0]!.severity]);
  const block = [NOTE_MARKER, ...sorted.map((d) => `${SEVERITY_ZH[d.severity]}：${d.message}`)].join('\n');
  const runs = userRuns(cell.note as NoteValue);
  setNote(cell, [...runs, { text: runs.length ? `\n\n${block}` : block }]);
}

/**
 * Removes the marks of an earlier run from a sheet (its note blocks, and its fills on those
 * cells), so fixed cells come out clean and the new run's marks are the only ones.
 * @example clearOwnMarks(ws); markCell(ws.getCell('C8'), diagnostics)
 */
export function clearOwnMarks(ws: ExcelJS.Worksheet): void {
  // includeEmpty: a diagnosed empty cell (required-empty) carries a note but no value.
  ws.eachRow({ includeEmpty: true }, (row) => {
    row.eachCell({ includeEmpty: true }, (cell) => {
      const note = cell.note as NoteValue;
      if (!note) return;
      const text = typeof note === 'string' ? note : (note.texts ?? []).map((r) => r.text).join('');
      if (!text.includes(NOTE_MARKER)) return;
      setNote(cell, userRuns(note));
      const colour = fillColour(cell);
      if (colour && OWN_FILLS.has(colour)) setFill(cell, undefined);
    });
  });
}
