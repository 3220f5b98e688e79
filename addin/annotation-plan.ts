import { cellLink, columnNumber, ENRICHMENT_COLUMNS, enrichmentRow, isoToSerial, PROBLEM_TYPE_HEADER, reportLines, SEVERITY_ZH, widthInPoints, type Diagnostic, type ServerFacts, type SheetReport } from '../shared/index.js';

/** The prefix of every note the add-in writes: how Clear and the next check tell ours from the user's. */
export const NOTE_MARK = '【台账检查】';
/** Severity as stored in the hidden marks sheet, which the conditional formats read. */
export const MARK = { error: 3, warning: 2, info: 1 } as const;
export const REPORT_SHEET = '检查报告';
export const REPORT_TITLE = '整改台账检查报告';

/** A rectangle in sheet coordinates (1-based, inclusive). */
export interface Block {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface AnnotationPlan {
  /** Where the highlight rules apply and the marks matrix sits (same addresses on the marks sheet). */
  marked: Block | null;
  marks: number[][];
  /** One note per diagnosed cell: address → text. */
  notes: Map<string, string>;
  /** The enrichment block: header row and values, first column and whether the columns are new. */
  enrichment: {
    headerRow: number; firstRow: number; left: number; headers: string[]; rows: (string | number)[][]; formats: string[];
    /** Column widths in points, wide enough to read each header (Clear sets them back to standard). */
    widths: number[];
  } | null;
  /** The report sheet's rows (header first); cell links are HYPERLINK formulas. */
  report: (string | number)[][];
}

export interface PlanOptions {
  /** The sheet's used range right edge, so new enrichment columns never overwrite user cells. */
  usedRight: number;
  /** Review state per item key, when the server has told us (next issue); else blank. */
  reviewStates?: ReadonlyMap<string, string>;
  /** The office's latest comment and the effective due date, by item key (from the server). */
  serverFacts?: ReadonlyMap<string, ServerFacts>;
  /** 1,462 in a 1904 workbook: computed dates are written as its own serials (excel/date-system.ts). */
  dateShift?: number;
}

/**
 * What a check writes into the workbook, computed from the report alone (pure, so it is tested in
 * Node and the Excel adapter only ships it).
 * @example planAnnotations(report.sheets[0], { usedRight: 17 }).notes.get('H8')
 */
export function planAnnotations(sheet: SheetReport, opts: PlanOptions): AnnotationPlan {
  const items = sheet.items;
  const lastColumn = sheet.lastColumn ? columnNumber(sheet.lastColumn) : 0;
  const firstColumn = Math.min(...Object.values(sheet.columns).map(columnNumber), lastColumn || 1);
  const lastRow = items.reduce((m, i) => Math.max(m, i.row), 0);
  const cellDiags = items.flatMap((i) => i.diagnostics.filter((d) => d.column && d.row));

  let marked: Block | null = null;
  const marks: number[][] = [];
  if (sheet.firstDataRow && lastRow >= sheet.firstDataRow && lastColumn >= firstColumn) {
    marked = { top: sheet.firstDataRow, left: firstColumn, bottom: lastRow, right: lastColumn };
    for (let r = marked.top; r <= marked.bottom; r++) marks.push(new Array<number>(marked.right - marked.left + 1).fill(0));
    for (const d of cellDiags) {
      const c = columnNumber(d.column!);
      if (c < marked.left || c > marked.right) continue;
      const row = marks[d.row! - marked.top]!;
      row[c - marked.left] = Math.max(row[c - marked.left]!, MARK[d.severity]);
    }
  }

  const notes = new Map<string, string>();
  const byCell = new Map<string, Diagnostic[]>();
  for (const d of cellDiags) {
    if (d.severity === 'info') continue;
    const at = `${d.column}${d.row}`;
    byCell.set(at, [...(byCell.get(at) ?? []), d]);
  }
  for (const [at, ds] of byCell) notes.set(at, NOTE_MARK + ds.map((d) => d.message).join('\n'));

  let enrichment: AnnotationPlan['enrichment'] = null;
  if (sheet.firstDataRow && sheet.headerRows.length) {
    const existing = ENRICHMENT_COLUMNS.map((c) => sheet.enrichmentColumns[c.id]);
    const reuse = reusable(existing, opts.usedRight);
    // New columns go right of everything the user has, so no typed value is ever overwritten;
    // columns of an earlier run are cleared first (check-sheet.ts), reused when all are there.
    const left = reuse ? columnNumber(existing[0]!) : Math.max(opts.usedRight, lastColumn) + 1;
    const byRow = new Map(items.map((i) => [i.row, i]));
    const rows: (string | number)[][] = [];
    for (let r = sheet.firstDataRow; r <= Math.max(lastRow, sheet.firstDataRow); r++) {
      const item = byRow.get(r);
      if (!item) {
        rows.push(ENRICHMENT_COLUMNS.map(() => ''));
        continue;
      }
      rows.push(enrichmentRow(item, opts.reviewStates?.get(item.key), opts.serverFacts?.get(item.key)).map((v) => (v.kind === 'text' ? v.text : v.kind === 'number' ? v.value : v.kind === 'date' ? isoToSerial(v.iso) - (opts.dateShift ?? 0) : '')));
    }
    enrichment = {
      headerRow: sheet.headerRows[sheet.headerRows.length - 1]!,
      firstRow: sheet.firstDataRow,
      left,
      headers: ENRICHMENT_COLUMNS.map((c) => c.header),
      rows,
      formats: ENRICHMENT_COLUMNS.map((c) => c.format),
      widths: ENRICHMENT_COLUMNS.map((c) => widthInPoints(c.width)),
    };
  }

  const report: (string | number)[][] = [
    [REPORT_TITLE, `${sheet.sheet}`, `单位：${sheet.unit}`, '', '', '', ''],
    ['级别', PROBLEM_TYPE_HEADER, '问题代码', '单元格', '字段', '问题说明', '事项编号'],
  ];
  for (const l of reportLines([sheet])) {
    report.push([SEVERITY_ZH[l.diagnostic.severity], l.typeZh, l.diagnostic.code, `=${cellLink(sheet.sheet, l.address)}`, l.fieldZh, l.diagnostic.message, l.key ?? '']);
  }
  return { marked, marks, notes, enrichment, report };
}

/**
 * Whether an earlier run's columns take this run's: all of them side by side, or (a sheet checked
 * before a column was added at the end) the first ones side by side ending at the used right
 * edge, so the new ones after them overwrite nothing of the user's.
 */
function reusable(existing: (string | undefined)[], usedRight: number): boolean {
  const n = existing.findIndex((x) => !x);
  if (n === -1) return contiguous(existing as string[]);
  const head = existing.slice(0, n) as string[];
  return n > 0 && existing.slice(n).every((x) => !x) && contiguous(head) && columnNumber(head[n - 1]!) >= usedRight;
}

function contiguous(letters: string[]): boolean {
  return letters.every((l, i) => i === 0 || columnNumber(l) === columnNumber(letters[i - 1]!) + 1);
}
