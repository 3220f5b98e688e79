// Excel.NoteCollection and Excel.Note (ExcelApi 1.18), as the newer client library sends them:
// `Notes` on the workbook and on each worksheet, keyed by cell address. The pinned
// @microsoft/office-js (1.1.110) has no Notes classes, so only raw requests reach these.
import { cellKey, formatAddress } from '../address.js';
import { ExcelError, invalidArgument, itemNotFound } from '../errors.js';
import { NOTE_SIZE, type NoteModel } from '../notes.js';
import type { SheetModel } from '../sheet.js';
import { oneCell } from './comment-api.js';
import { rangeRef } from './range-api.js';
import { define, int, ref, str, type ApiCtx, type ApiClass } from './types.js';

interface Scope {
  sheet?: SheetModel;
}

function notesIn(ctx: ApiCtx, scope: Scope): NoteModel[] {
  const sheets = scope.sheet ? [scope.sheet] : ctx.wb.sheets;
  return sheets.flatMap((s) => [...s.notes.values()].sort((a, b) => a.row - b.row || a.col - b.col));
}

function at(ctx: ApiCtx, scope: Scope, key: unknown): NoteModel | undefined {
  const { sheet, row, col } = oneCell(key, ctx, scope);
  return sheet.notes.get(cellKey(row, col));
}

export const NOTE_COLLECTION: ApiClass<Scope> = define<Scope>({
  name: 'NoteCollection',
  items: (s, ctx) => notesIn(ctx, s).map((n) => ref(NOTE, n)),
  indexer: (s, [key], ctx) => {
    const n = at(ctx, s, key);
    if (!n) throw itemNotFound('The cell has no note.');
    return ref(NOTE, n);
  },
  methods: {
    Add: (s, [cellAddress, content], ctx) => {
      const { sheet, row, col } = oneCell(cellAddress, ctx, s);
      if (sheet.notes.has(cellKey(row, col))) throw new ExcelError('InvalidOperation', 'The cell already has a note.');
      if (ctx.wb.comments.some((c) => c.sheet === sheet && c.row === row && c.col === col)) throw new ExcelError('InvalidOperation', 'The cell already has a comment; a cell cannot hold both a note and a comment.');
      const note: NoteModel = { sheet, row, col, content: str(content, 'content'), authorName: ctx.wb.options.user.name, ...NOTE_SIZE, visible: false };
      sheet.notes.set(cellKey(row, col), note);
      return ref(NOTE, note);
    },
    GetItem: (s, [key], ctx) => {
      const n = at(ctx, s, key);
      if (!n) throw itemNotFound('The cell has no note.');
      return ref(NOTE, n);
    },
    GetItemOrNullObject: (s, [key], ctx) => ref(NOTE, at(ctx, s, key) ?? null),
    GetItemAt: (s, [i], ctx) => {
      const n = notesIn(ctx, s)[int(i, 'index')];
      if (!n) throw invalidArgument('The index is out of range.');
      return ref(NOTE, n);
    },
    GetCount: (s, _a, ctx) => notesIn(ctx, s).length,
  },
});

export const NOTE: ApiClass<NoteModel> = define<NoteModel>({
  name: 'Note',
  key: (n) => formatAddress(n.sheet.name, { r0: n.row, c0: n.col, r1: n.row, c1: n.col }),
  alive: (n) => !n.deleted,
  props: {
    Content: {
      get: (n) => n.content,
      set: (n, v) => {
        n.content = str(v, 'content');
      },
    },
    AuthorName: { get: (n) => n.authorName },
    Width: {
      get: (n) => n.width,
      set: (n, v) => {
        n.width = Number(v);
      },
    },
    Height: {
      get: (n) => n.height,
      set: (n, v) => {
        n.height = Number(v);
      },
    },
    Visible: {
      get: (n) => n.visible,
      set: (n, v) => {
        n.visible = v === true;
      },
    },
  },
  methods: {
    Delete: (n) => {
      n.deleted = true;
      n.sheet.notes.delete(cellKey(n.row, n.col));
    },
    GetLocation: (n) => rangeRef(n.sheet, { r0: n.row, c0: n.col, r1: n.row, c1: n.col }),
  },
});
