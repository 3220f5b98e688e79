import { NOTE_MARK, REPORT_SHEET, REPORT_TITLE } from '../annotation-plan.js';

/** Which note API this Excel has: notes (ExcelApi 1.18), else threaded comments (1.10), else none. */
export type NoteApi = 'notes' | 'comments' | 'none';

export function noteApi(): NoteApi {
  const req = Office.context.requirements;
  return req.isSetSupported('ExcelApi', '1.18') && libraryKnowsNotes() ? 'notes' : req.isSetSupported('ExcelApi', '1.10') ? 'comments' : 'none';
}

/**
 * Whether the loaded office.js has the notes API. Excel may support ExcelApi 1.18 while a
 * self-hosted office.js (the closed-network build, SPEC section 13) predates it: then only what
 * the library knows is used.
 */
function libraryKnowsNotes(): boolean {
  return typeof Excel !== 'undefined' && typeof (Excel as unknown as Record<string, unknown>).NoteCollection === 'function';
}

/**
 * The hidden sheet holding the severity marks that a sheet's highlight rules read: one per
 * checked sheet, named from a hash of the sheet's name (sheet names may be 31 characters long).
 * @example marksSheetName('整改台账') → '_检查标注_1k3j9x'
 */
export function marksSheetName(sheet: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < sheet.length; i++) h = Math.imul(h ^ sheet.charCodeAt(i), 0x01000193) >>> 0;
  return `_检查标注_${h.toString(36)}`;
}

/** What an earlier check left in the workbook, found so this run replaces it and Clear removes it. */
export interface ExistingState {
  marksSheet: Excel.Worksheet | null;
  /** The report sheet when it is ours (its A1 says so); a user's sheet of that name is left alone. */
  reportSheet: Excel.Worksheet | null;
  reportNameTaken: boolean;
  ourFormats: Excel.ConditionalFormat[];
  ourNotes: { delete(): void }[];
  /** Cells that carry the user's own note or comment: never given one of ours. */
  userNoteCells: Set<string>;
  notes: NoteApi;
}

interface Phase1 {
  report: Excel.Worksheet;
  formats: Excel.ConditionalFormatCollection;
  notes: Excel.NoteCollection | Excel.CommentCollection | null;
  api: NoteApi;
}

/** Round trip 1: what exists (queued with the sheet's shape). */
export function queueStateLoad(context: Excel.RequestContext, sheet: Excel.Worksheet, used: Excel.Range): Phase1 {
  const api = noteApi();
  const report = context.workbook.worksheets.getItemOrNullObject(REPORT_SHEET);
  report.load('name');
  const formats = used.conditionalFormats;
  formats.load('items/type');
  let notes: Phase1['notes'] = null;
  if (api === 'notes') notes = sheet.notes;
  else if (api === 'comments') notes = sheet.comments;
  notes?.load('items/content');
  return { report, formats, notes, api };
}

/**
 * Round trip 2 (queued before it): the formulas of custom rules, to tell ours (they read the marks
 * sheet) from the user's; where the notes are; whether the report sheet is ours. Returns a
 * function that reads the answers after that round trip.
 */
export function queueStateDetails(context: Excel.RequestContext, p: Phase1, sheetName: string): () => ExistingState {
  const marksName = marksSheetName(sheetName);
  const marks = context.workbook.worksheets.getItemOrNullObject(marksName);
  marks.load('name');
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
  return () => {
    const ourNotes: { delete(): void }[] = [];
    const userNoteCells = new Set<string>();
    for (const { n, at } of places) {
      if (n.content.startsWith(NOTE_MARK)) ourNotes.push(n);
      else userNoteCells.add((at.address.split('!').pop() ?? '').replace(/\$/g, ''));
    }
    const ours = !!title && title.values[0]?.[0] === REPORT_TITLE;
    return {
      // Read after the round trip that loaded it: this function runs once the caller has synced.
      // eslint-disable-next-line office-addins/call-sync-before-read
      marksSheet: marks.isNullObject ? null : marks,
      reportSheet: ours ? p.report : null,
      reportNameTaken: !p.report.isNullObject && !ours,
      ourFormats: rules.filter(({ rule }) => rule.formula.includes(marksName)).map(({ f }) => f),
      ourNotes,
      userNoteCells,
      notes: p.api,
    };
  };
}
