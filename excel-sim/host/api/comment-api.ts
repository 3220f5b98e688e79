// Excel.CommentCollection, Comment, CommentReplyCollection and CommentReply (ExcelApi 1.10).
import { cellKey } from '../address.js';
import type { CommentModel, CommentReplyModel } from '../comments.js';
import { ExcelError, invalidArgument, itemNotFound } from '../errors.js';
import type { SheetModel } from '../sheet.js';
import { rangeArg, rangeRef } from './range-api.js';
import { bool, define, int, ref, type ApiCtx, type ApiClass } from './types.js';

interface Scope {
  sheet?: SheetModel;
}

function commentsIn(ctx: ApiCtx, scope: Scope): CommentModel[] {
  return ctx.wb.comments.filter((c) => !scope.sheet || c.sheet === scope.sheet);
}

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content && typeof content === 'object' && typeof (content as { richContent?: unknown }).richContent === 'string') return (content as { richContent: string }).richContent;
  throw invalidArgument('The comment content is not valid.');
}

/** The single cell a note or comment goes on. */
export function oneCell(cellAddress: unknown, ctx: ApiCtx, scope: Scope): { sheet: SheetModel; row: number; col: number } {
  const { sheet, rect } = rangeArg(cellAddress, ctx, scope.sheet);
  if (rect.r0 !== rect.r1 || rect.c0 !== rect.c1) throw invalidArgument('The cell address must refer to a single cell.');
  if (scope.sheet && sheet !== scope.sheet) throw invalidArgument('The cell is on another worksheet.');
  return { sheet, row: rect.r0, col: rect.c0 };
}

function byCell(ctx: ApiCtx, scope: Scope, cellAddress: unknown): CommentModel | undefined {
  const { sheet, row, col } = oneCell(cellAddress, ctx, scope);
  return ctx.wb.comments.find((c) => c.sheet === sheet && c.row === row && c.col === col);
}

function byId(ctx: ApiCtx, scope: Scope, id: unknown): CommentModel {
  const c = commentsIn(ctx, scope).find((x) => x.id === id);
  if (!c) throw itemNotFound(`The comment "${String(id)}" does not exist.`);
  return c;
}

export const COMMENT_COLLECTION: ApiClass<Scope> = define<Scope>({
  name: 'CommentCollection',
  items: (s, ctx) => commentsIn(ctx, s).map((c) => ref(COMMENT, c)),
  indexer: (s, [id], ctx) => ref(COMMENT, byId(ctx, s, id)),
  methods: {
    Add: (s, [cellAddress, content], ctx) => {
      const { sheet, row, col } = oneCell(cellAddress, ctx, s);
      if (ctx.wb.comments.some((c) => c.sheet === sheet && c.row === row && c.col === col)) throw new ExcelError('InvalidOperation', 'The cell already has a comment.');
      if (sheet.notes.has(cellKey(row, col))) throw new ExcelError('InvalidOperation', 'The cell already has a note; a cell cannot hold both a note and a comment.');
      const user = ctx.wb.options.user;
      const c: CommentModel = { id: `{C-${ctx.wb.nextId('comment')}}`, sheet, row, col, content: text(content), authorName: user.name, authorEmail: user.email, creationDate: ctx.wb.now().toISOString(), resolved: false, replies: [] };
      ctx.wb.comments.push(c);
      return ref(COMMENT, c);
    },
    GetItem: (s, [id], ctx) => ref(COMMENT, byId(ctx, s, id)),
    GetItemAt: (s, [i], ctx) => {
      const c = commentsIn(ctx, s)[int(i, 'index')];
      if (!c) throw invalidArgument('The index is out of range.');
      return ref(COMMENT, c);
    },
    GetItemByCell: (s, [cellAddress], ctx) => {
      const c = byCell(ctx, s, cellAddress);
      if (!c) throw itemNotFound('The cell has no comment.');
      return ref(COMMENT, c);
    },
    GetItemByReplyId: (s, [id], ctx) => {
      const c = commentsIn(ctx, s).find((x) => x.replies.some((r) => r.id === id));
      if (!c) throw itemNotFound(`The reply "${String(id)}" does not exist.`);
      return ref(COMMENT, c);
    },
    GetCount: (s, _a, ctx) => commentsIn(ctx, s).length,
  },
});

export const COMMENT: ApiClass<CommentModel> = define<CommentModel>({
  name: 'Comment',
  key: (c) => c.id,
  alive: (c) => !c.deleted,
  props: {
    Id: { get: (c) => c.id },
    Content: {
      get: (c) => c.content,
      set: (c, v) => {
        c.content = text(v);
      },
    },
    AuthorName: { get: (c) => c.authorName },
    AuthorEmail: { get: (c) => c.authorEmail },
    CreationDate: { get: (c) => c.creationDate },
    Resolved: {
      get: (c) => c.resolved,
      set: (c, v) => {
        c.resolved = bool(v, 'resolved');
      },
    },
    ContentType: { get: () => 'Plain' },
  },
  navs: { Replies: (c) => ref(REPLY_COLLECTION, c) },
  methods: {
    Delete: (c, _a, ctx) => {
      c.deleted = true;
      ctx.wb.comments = ctx.wb.comments.filter((x) => x !== c);
    },
    GetLocation: (c) => rangeRef(c.sheet, { r0: c.row, c0: c.col, r1: c.row, c1: c.col }),
  },
});

interface ReplyTarget {
  c: CommentModel;
  r: CommentReplyModel;
}

function reply(c: CommentModel, id: unknown): ReplyTarget {
  const r = c.replies.find((x) => x.id === id);
  if (!r) throw itemNotFound(`The reply "${String(id)}" does not exist.`);
  return { c, r };
}

export const REPLY_COLLECTION: ApiClass<CommentModel> = define<CommentModel>({
  name: 'CommentReplyCollection',
  items: (c) => c.replies.map((r) => ref(REPLY, { c, r })),
  indexer: (c, [id]) => ref(REPLY, reply(c, id)),
  methods: {
    Add: (c, [content], ctx) => {
      const user = ctx.wb.options.user;
      const r: CommentReplyModel = { id: `${c.id}-R${c.replies.length + 1}`, content: text(content), authorName: user.name, authorEmail: user.email, creationDate: ctx.wb.now().toISOString() };
      c.replies.push(r);
      return ref(REPLY, { c, r });
    },
    GetItem: (c, [id]) => ref(REPLY, reply(c, id)),
    GetItemAt: (c, [i]) => {
      const r = c.replies[int(i, 'index')];
      if (!r) throw invalidArgument('The index is out of range.');
      return ref(REPLY, { c, r });
    },
    GetCount: (c) => c.replies.length,
  },
});

export const REPLY: ApiClass<ReplyTarget> = define<ReplyTarget>({
  name: 'CommentReply',
  key: (t) => t.r.id,
  alive: (t) => !t.r.deleted && !t.c.deleted,
  props: {
    Id: { get: (t) => t.r.id },
    Content: {
      get: (t) => t.r.content,
      set: (t, v) => {
        t.r.content = text(v);
      },
    },
    AuthorName: { get: (t) => t.r.authorName },
    AuthorEmail: { get: (t) => t.r.authorEmail },
    CreationDate: { get: (t) => t.r.creationDate },
  },
  methods: {
    Delete: (t) => {
      t.r.deleted = true;
      t.c.replies = t.c.replies.filter((x) => x !== t.r);
    },
    GetLocation: (t) => rangeRef(t.c.sheet, { r0: t.c.row, c0: t.c.col, r1: t.c.row, c1: t.c.col }),
  },
});
