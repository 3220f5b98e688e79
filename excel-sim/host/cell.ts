// One cell of the simulated workbook: its value or formula, and the formatting Office.js can see.

/** Excel's error values. */
export const ERROR_CODES = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error value in a cell (Office.js shows it as its text, with value type `Error`). */
export class CellError {
  constructor(readonly code: ErrorCode) {}
  toString(): string {
    return this.code;
  }
}

export function isErrorCode(s: string): s is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(s.toUpperCase());
}

/** A constant in a cell; `null` is an empty cell. */
export type CellValue = number | string | boolean | CellError | null;

/** A border as Office.js describes it (`style` `Continuous`…, `weight` `Thin`…, `color` `#RRGGBB`). */
export interface BorderLine {
  style: string;
  weight: string;
  color: string;
}

export type EdgeName = 'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'DiagonalDown' | 'DiagonalUp';
export const EDGES: readonly EdgeName[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'DiagonalDown', 'DiagonalUp'];

export interface FontStyle {
  bold?: boolean;
  italic?: boolean;
  color?: string;
  name?: string;
  size?: number;
  underline?: string;
  strikethrough?: boolean;
}

/** The formatting of a cell; absent fields take the workbook defaults. */
export interface CellStyle {
  numberFormat?: string;
  /** `#RRGGBB`, absent for no fill. */
  fill?: string;
  font?: FontStyle;
  borders?: Partial<Record<EdgeName, BorderLine>>;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  indentLevel?: number;
}

export interface Hyperlink {
  address?: string;
  documentReference?: string;
  screenTip?: string;
  textToDisplay?: string;
}

/** A stored cell. A cell with neither value, formula, style nor hyperlink is not stored. */
export interface Cell {
  value: CellValue;
  /** `=…` when the cell holds a formula; `value` is then its last computed result. */
  formula?: string;
  style?: CellStyle;
  hyperlink?: Hyperlink;
}

export function isEmptyStyle(s: CellStyle | undefined): boolean {
  if (!s) return true;
  return Object.entries(s).every(([k, v]) => {
    if (v === undefined) return true;
    if (k === 'font' || k === 'borders') return Object.values(v as object).every((x) => x === undefined);
    return false;
  });
}

export function cloneStyle(s: CellStyle | undefined): CellStyle {
  if (!s) return {};
  const out: CellStyle = { ...s };
  if (s.font) out.font = { ...s.font };
  if (s.borders) out.borders = { ...s.borders };
  return out;
}

export function isCellEmpty(c: Cell): boolean {
  return c.value === null && c.formula === undefined && isEmptyStyle(c.style) && !c.hyperlink;
}
