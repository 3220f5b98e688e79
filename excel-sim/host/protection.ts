// Sheet protection as Excel enforces it on add-ins: on a protected sheet every cell is locked by
// default, so writing values, formats, rules, notes, comments or tables there is refused with
// AccessDenied ("You cannot perform the requested operation.", Excel's error code for it) and
// nothing is changed; reading is allowed. Renaming, moving, hiding, activating and deleting the
// sheet are the workbook's structure (workbook protection, refuseOnProtectedStructure below), so a
// sheet's protection leaves them allowed.
// The host models no unlocked cells and no WorksheetProtectionOptions exceptions.
import type { ApiRef } from './api/types.js';
import { ExcelError } from './errors.js';
import { SheetModel } from './sheet.js';
import type { WorkbookModel } from './workbook.js';

/** Members that read, navigate or act on the sheet as a whole: allowed on a protected sheet. */
const READ_METHOD = /^(Get|Find|Load|Select|Activate|Calculate|Protect|Unprotect|_)/;
const SHEET_MEMBERS = new Set(['Name', 'Position', 'Visibility', 'TabColor', 'Delete', 'Copy', 'ShowGridlines']);

function sheetOf(target: unknown): SheetModel | null {
  if (target instanceof SheetModel) return target;
  const sheet = (target as { sheet?: unknown } | null)?.sheet;
  return sheet instanceof SheetModel ? sheet : null;
}

/**
 * Workbook protection (Review > Protect Workbook, its structure): adding, deleting, copying,
 * renaming, moving, hiding or showing a sheet is refused with AccessDenied, nothing changed.
 */
export function refuseOnProtectedStructure(wb: WorkbookModel): void {
  if (wb.structureProtected) throw new ExcelError('AccessDenied', 'You cannot perform the requested operation. (The workbook\'s structure is protected.)');
}

/** Throws AccessDenied when `member` would change a protected sheet's cells or contents. */
export function refuseOnProtectedSheet(r: ApiRef, member: string, kind: 'method' | 'property'): void {
  const sheet = sheetOf(r.target);
  if (!sheet?.protected || r.cls.name === 'WorksheetProtection') return;
  if (kind === 'method' && READ_METHOD.test(member)) return;
  if (r.cls.name === 'Worksheet' && SHEET_MEMBERS.has(member)) return;
  throw new ExcelError('AccessDenied', `You cannot perform the requested operation. (The worksheet "${sheet.name}" is protected.)`);
}
