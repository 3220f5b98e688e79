import * as z from 'zod';

/**
 * The grid model: one worksheet as every adapter can fill it (the Excel adapter from
 * Office.js, the CLI and the Worker's uploads from the .xlsx reader in shared/xlsx/) and as it
 * travels on the wire.
 *
 * Coordinates are the sheet's own: `top` is the 1-based row of `values[0]`, `left` the 1-based
 * column of `values[r][0]`, so a used range that starts at C5 needs no copying.
 * Dates arrive the way Excel keeps them: a serial number of the 1900 date system in a cell whose
 * number format is a date format (adapters turn date objects into serials, and a 1904 workbook's
 * serials into the 1900 system's), or as text.
 *
 * @example
 * const grid: Grid = { sheet: 'Sheet1', top: 1, left: 1, values: [['序号', '问题描述']] };
 */
export const CellValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof CellValueSchema>;

/** A merged area, 1-based and inclusive, in sheet coordinates. */
export const MergeSchema = z.strictObject({
  top: z.number().int().min(1),
  left: z.number().int().min(1),
  bottom: z.number().int().min(1),
  right: z.number().int().min(1),
});
export type Merge = z.infer<typeof MergeSchema>;

/** An Excel table (ListObject); read like any range, kept for the record and for adapters. */
export const TableSchema = z.strictObject({ name: z.string().max(255), ref: z.string().max(64) });

export const GridSchema = z.strictObject({
  file: z.string().max(255).optional(),
  sheet: z.string().max(255),
  top: z.number().int().min(1).default(1),
  left: z.number().int().min(1).default(1),
  values: z.array(z.array(CellValueSchema)),
  /** Displayed text per cell; missing or null means "the value as a string". */
  text: z.array(z.array(z.string().nullable())).optional(),
  /** Number format per cell; missing or null means General. */
  formats: z.array(z.array(z.string().nullable())).optional(),
  merges: z.array(MergeSchema).optional(),
  /** 1-based column numbers of hidden columns. */
  hiddenColumns: z.array(z.number().int().min(1)).optional(),
  tables: z.array(TableSchema).optional(),
});
export type Grid = z.input<typeof GridSchema>;

/** A workbook: the file it came from and each of its sheets, in tab order. */
export interface WorkbookInput {
  file: string;
  sheets: Grid[];
}
