// The JSON form of a workbook the simulated host opens and exports: everything an add-in can
// change (values, formulas, formats, fills, fonts, borders, notes, comments, merges, hidden
// columns and rows, tables, conditional formats, names, sheets), one cell per A1 address.
import type { BorderLine, FontStyle, Hyperlink } from './cell.js';
import type { Visibility } from './sheet.js';

export type SideName = 'top' | 'bottom' | 'left' | 'right' | 'diagonalDown' | 'diagonalUp';

/** Formatting as stored in a snapshot (absent fields are Excel's defaults). */
export interface FormatSnapshot {
  numberFormat?: string;
  fill?: string;
  font?: FontStyle;
  borders?: Partial<Record<SideName, BorderLine>>;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  indentLevel?: number;
}

export interface CellSnapshot extends FormatSnapshot {
  value?: number | string | boolean;
  /** An error value such as `#N/A`. */
  error?: string;
  formula?: string;
  hyperlink?: Hyperlink;
  note?: string;
  noteAuthor?: string;
}

export interface LineSnapshot {
  /** Column width or row height in points. */
  size?: number;
  hidden?: boolean;
  style?: FormatSnapshot;
}

export interface TableSnapshot {
  name: string;
  range: string;
  showHeaders?: boolean;
  showTotals?: boolean;
  style?: string;
}

/** A conditional format; the list is in priority order (first = highest). */
export interface ConditionalFormatSnapshot {
  type: string;
  ranges: string[];
  /** Relative to the top-left cell of the first range. */
  formula: string;
  fill?: string;
  font?: { color?: string; bold?: boolean; italic?: boolean };
  numberFormat?: string;
  stopIfTrue?: boolean;
}

export interface ChartSnapshot {
  name: string;
  type: string;
  source: string;
  title?: string;
}

export interface SheetSnapshot {
  name: string;
  visibility?: Visibility;
  tabColor?: string;
  /** By A1 address, row by row. */
  cells?: Record<string, CellSnapshot>;
  /** By column letters. */
  columns?: Record<string, LineSnapshot>;
  /** By 1-based row number. */
  rows?: Record<string, LineSnapshot>;
  merges?: string[];
  tables?: TableSnapshot[];
  conditionalFormats?: ConditionalFormatSnapshot[];
  charts?: ChartSnapshot[];
  freeze?: { rows: number; cols: number };
  /** The sheet's AutoFilter: its range (header row first) and criteria by column index in it; filtered rows are hidden in `rows`. */
  autoFilter?: { range: string; criteria?: Record<string, { filterOn: string; values?: string[]; criterion1?: string; criterion2?: string; operator?: string }> };
  /** Sheet protection on (every cell locked, as Excel protects a sheet by default). */
  protected?: boolean;
}

export interface NameSnapshot {
  name: string;
  formula: string;
  comment?: string;
  visible?: boolean;
  /** For a worksheet-scoped name. */
  sheet?: string;
}

export interface CommentSnapshot {
  /** `Sheet1!A1` */
  cell: string;
  content: string;
  author?: string;
  email?: string;
  resolved?: boolean;
  replies?: { content: string; author?: string }[];
}

export interface WorkbookSnapshot {
  /** The workbook's file name (Workbook.name): Book1.xlsx when not given. */
  name?: string;
  activeSheet?: string;
  defaultFont?: { name: string; size: number; color: string };
  sheets: SheetSnapshot[];
  names?: NameSnapshot[];
  comments?: CommentSnapshot[];
  /** The workbook's structure protected (Review > Protect Workbook): no sheet added, deleted, renamed, moved, hidden or shown. */
  structureProtected?: boolean;
  /** The 1904 date system: every date value is that system's serial (1,462 days below the 1900 system's). */
  date1904?: boolean;
}
