import type { ItemReport } from './schema/report.js';

/**
 * The content fields of an item (SPEC 12.3): a returned item counts as revised only when a
 * newer version changes one of them. Whitespace alone is no change.
 */
export const CONTENT_FIELDS = ['description', 'measures', 'deadline', 'status', 'progress', 'evidence'] as const;

/** An item's content as the server stored it: field → the cell's text. */
export type ItemContent = Partial<Record<(typeof CONTENT_FIELDS)[number], string>>;

/** The content fields of a checked item, for storing or comparing. */
export function contentOf(fields: Readonly<Record<string, string>>): ItemContent {
  const out: ItemContent = {};
  for (const f of CONTENT_FIELDS) if (fields[f]) out[f] = fields[f];
  return out;
}

/**
 * Whether a new version changes none of the content fields of the returned one.
 * @example sameContent({ measures: '逐案评查' }, { measures: ' 逐案评查 ' }) === true
 */
export function sameContent(a: ItemContent, b: ItemContent): boolean {
  return CONTENT_FIELDS.every((f) => squeeze(a[f]) === squeeze(b[f]));
}

/** A returned item as the server gives it to the core: the returned version's content and why. */
export interface ReturnedItem {
  content: ItemContent;
  comment: string;
}

/** Whether the core judged this item a returned item resubmitted unchanged. */
export function isReturnedUnchanged(item: ItemReport): boolean {
  return item.diagnostics.some((d) => d.code === 'returned-unchanged');
}

const squeeze = (text: string | undefined) => (text ?? '').replace(/\s+/g, '');
