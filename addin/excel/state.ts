import { NOTE_MARK, REPORT_SHEET, REPORT_TITLE } from '../annotation-plan.js';
import { noteApi, workbookProtectionKnown, type NoteApi } from './capabilities.js';

export { noteApi, type NoteApi };

/** Every marks sheet's name starts so; the highlight rules that read one are ours. */
export const MARKS_PREFIX = '_检查标注_';

function hash36(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/**
 * The start of the names of a sheet's hidden marks sheets, from the sheet's id, which Excel keeps
 * through renames and moves (a copy gets a new id): marks follow the sheet, not its name.
 * @example marksSheetName('{00000000-0001-0000-0000-000000000000}') → '_检查标注_1k3j9x'
 */
export function marksSheetName(sheetId: string): string {
  return `${MARKS_PREFIX}${hash36(sheetId)}`;
}

/** A fresh marks sheet name for one run (a random tag, so two co-authors' runs never collide). */
export function runMarksName(sheetId: string, tag: string): string {
  return `${marksSheetName(sheetId)}_${tag}`;
}

/** A note or comment of ours: where it is, what it says, and the object to change or delete. */
export interface OurNote {
  cell: string;
  content: string;
  target: { delete(): void; content: string };
}

/** What an earlier check left in the workbook, found so this run replaces it and Clear removes it. */
export interface ExistingState {
  sheetId: string;
  /** The sheet is protected: nothing may be written (Excel refuses it). */
  protected: boolean;
  /**
   * The workbook's structure is protected (Review > Protect Workbook): no sheet may be added or
   * deleted, and a check adds its marks and report sheets. False where Excel cannot say (before ExcelApi 1.7).
   */
  structureProtected: boolean;
  /** Marks sheets of this sheet (by its id), and the legacy one its rules read (named from a hash of a name). */
  marksSheets: Excel.Worksheet[];
  /** The report sheet when it is ours (its A1 says so); a user's sheet of that name is left alone. */
  reportSheet: Excel.Worksheet | null;
  reportNameTaken: boolean;
  /** Highlight rules on the sheet that read a marks sheet (any: a copied sheet's read the original's). */
  ourFormats: Excel.ConditionalFormat[];
  ourNotes: OurNote[];
  /** Cells that carry the user's own note or comment: never given one of ours. */
  userNoteCells: Set<string>;
  /** Names of every sheet in the workbook (to pick names that are free). */
  sheetNames: string[];
  notes: NoteApi;
}

interface Phase1 {
  sheet: Excel.Worksheet;
  book: Excel.WorkbookProtection | null;
  report: Excel.Worksheet;
  sheets: Excel.WorksheetCollection;
  formats: Excel.ConditionalFormatCollection;
  notes: Excel.NoteCollection | Excel.CommentCollection | null;
  api: NoteApi;
}

/** Round trip 1: what exists (queued with the sheet's shape). */
export function queueStateLoad(context: Excel.RequestContext, sheet: Excel.Worksheet, used: Excel.Range): Phase1 {
  const api = noteApi();
  sheet.load(['id', 'name', 'protection/protected']);
  const book = workbookProtectionKnown() ? context.workbook.protection : null;
  book?.load('protected');
  const report = context.workbook.worksheets.getItemOrNullObject(REPORT_SHEET);
  report.load('name');
  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  const formats = used.conditionalFormats;
  formats.load('items/type');
  let notes: Phase1['notes'] = null;
  if (api === 'notes') notes = (sheet as Excel.Worksheet & { notes: Excel.NoteCollection }).notes;
  else if (api === 'comments') notes = sheet.comments;
  notes?.load('items/content');
  return { sheet, book, report, sheets, formats, notes, api };
}

/** Where a location's address points, without sheet and `$`: 'Sheet1!$B$3' → 'B3'. */
export const bareCell = (address: string): string => (address.split('!').pop() ?? '').replace(/\$/g, '');

/**
 * Round trip 2 (queued before it): the formulas of custom rules, to tell ours (they read a marks
 * sheet) from the user's; where the notes are; whether the report sheet is ours. Returns a
 * function that reads the answers after that round trip.
 */
export function queueStateDetails(context: Excel.RequestContext, p: Phase1): () => ExistingState {
  const own = marksSheetName(p.sheet.id);
  const title = p.report.isNullObject ? null : p.report.getRange('A1');
  title?.load('values');
  const rules = p.formats.items
    .filter((f) => f.type === Excel.ConditionalFormatType.custom)
    .map((f) => {
      const rule = f.custom.rule;
      rule.load('formula');
      return { f, rule };
    });
  const places = ((p.notes?.items ?? []) as (Excel.Note | Excel.Comment)[]).map((n) => {
    const at = n.getLocation();
    at.load('address');
    return { n, at };
  });
  const sheetNames = p.sheets.items.map((s) => s.name);
  return () => {
    const ourNotes: OurNote[] = [];
    const userNoteCells = new Set<string>();
    for (const { n, at } of places) {
      if (n.content.startsWith(NOTE_MARK)) ourNotes.push({ cell: bareCell(at.address), content: n.content, target: n });
      else userNoteCells.add(bareCell(at.address));
    }
    const ours = rules.filter(({ rule }) => rule.formula.includes(MARKS_PREFIX));
    // This sheet's marks sheets are named from its id (a copy's rules may read the original's,
    // which stays); a legacy one was named from a hash of the sheet's current name.
    const legacy = `${MARKS_PREFIX}${hash36(p.sheet.name)}`;
    const marks = sheetNames.filter((n) => n === own || n.startsWith(`${own}_`) || n === legacy);
    const isOurs = !!title && title.values[0]?.[0] === REPORT_TITLE;
    return {
      sheetId: p.sheet.id,
      protected: p.sheet.protection.protected,
      structureProtected: p.book?.protected ?? false,
      marksSheets: marks.map((n) => context.workbook.worksheets.getItem(n)),
      reportSheet: isOurs ? p.report : null,
      reportNameTaken: !p.report.isNullObject && !isOurs,
      ourFormats: ours.map(({ f }) => f),
      ourNotes,
      userNoteCells,
      sheetNames,
      notes: p.api,
    };
  };
}
