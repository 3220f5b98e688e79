import type { Diagnostic, ItemReport } from '../../shared/index.js';

/**
 * How an item version's `item` JSON is stored (from migration 0009). Most of a 10,000-item
 * submission's ~12 MB of item JSON repeated what is stored anyway: the description and category
 * (columns of item_versions), the key, the file and sheet on every diagnostic, the messages, which
 * a ledger repeats item after item (the core shares them), and the same keys in every diagnostic
 * and every item's fields. Storing them once made what D1 is handed and writes half as large.
 *
 * Every replacement is a number or an array where the item has a string or an object (no string
 * field of an item ever holds a number, and fields and diagnostics are objects), in its own
 * place, so decoding restores every object with its keys in the same order, and an old row
 * (written before 0009, none of these there) reads unchanged:
 * - `key`, `fields.description`, `fields.category`: 0, the version's own column;
 * - a diagnostic's `file` and `sheet`: 0, the submission's file and the version's sheet;
 * - a diagnostic's `message` and `messageEn`: n, the submission's text n (submission_texts);
 * - `fields` and each diagnostic: [n, values…], text n being its keys in order (a JSON array).
 */

type KeyNode = Map<string | symbol, KeyNode>;
const END = Symbol('end');

/** The submission's distinct texts, numbered in order of first use. */
export class TextTable {
  readonly texts: string[] = [];
  private readonly numbers = new Map<string, number>();
  /** Key lists' numbers, found key by key (no string built per object: a ledger has a few lists). */
  private readonly lists: KeyNode = new Map();

  /** The number of a list of keys, stored as its JSON array. */
  numberOfKeys(keys: readonly string[]): number {
    let node = this.lists;
    for (const k of keys) {
      let next = node.get(k);
      if (!next) node.set(k, (next = new Map()));
      node = next;
    }
    let n = node.get(END) as unknown as number | undefined;
    if (n === undefined) node.set(END, (n = this.numberOf(JSON.stringify(keys))) as unknown as KeyNode);
    return n;
  }

  numberOf(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) {
      n = this.texts.length;
      this.numbers.set(text, n);
      this.texts.push(text);
    }
    return n;
  }
}

/** What a stored version holds beside its `item` JSON: what the numbers in it stand for. */
export interface StoredPlace {
  key: string;
  description: string;
  category: string;
  sheet: string;
  file: string;
}

type Loose = Record<string, unknown>;

/** The item as stored: its repeated values as numbers (the columns must hold what they stand for). */
export function encodeItem(item: ItemReport, sheet: string, file: string, texts: TextTable): Loose {
  const out: Loose = {};
  for (const k in item) {
    const v = (item as unknown as Loose)[k];
    if (k === 'key') out[k] = 0;
    else if (k === 'fields') out[k] = encodeFields(v as Record<string, string>, texts);
    else if (k === 'diagnostics') out[k] = (v as Diagnostic[]).map((d) => encodeDiagnostic(d, sheet, file, texts));
    else out[k] = v;
  }
  return out;
}

// An object as [its keys' text number, its values…].
function encodeFields(fields: Record<string, string>, texts: TextTable): unknown[] {
  const keys = Object.keys(fields);
  const row: unknown[] = [texts.numberOfKeys(keys)];
  for (const k of keys) row.push((k === 'description' || k === 'category') && typeof fields[k] === 'string' ? 0 : fields[k]);
  return row;
}

function encodeDiagnostic(d: Diagnostic, sheet: string, file: string, texts: TextTable): unknown[] {
  const keys = Object.keys(d);
  const row: unknown[] = [texts.numberOfKeys(keys)];
  for (const k of keys) {
    const v = (d as unknown as Loose)[k];
    if (k === 'file' && v === file) row.push(0);
    else if (k === 'sheet' && v === sheet) row.push(0);
    else if ((k === 'message' || k === 'messageEn') && typeof v === 'string') row.push(texts.numberOf(v));
    else row.push(v);
  }
  return row;
}

/**
 * A stored `item` JSON as the item it was: numbers put back from the version's columns and the
 * submission's texts (`text(n)`); an item stored before 0009 comes back as it was stored.
 */
export function decodeItem(json: string, at: StoredPlace, text: (n: number) => string | undefined): ItemReport {
  const item = JSON.parse(json) as Loose;
  if (item.key === 0) item.key = at.key;
  if (Array.isArray(item.fields)) item.fields = fromRow(item.fields, text);
  const fields = item.fields as Loose | undefined;
  if (fields) {
    if (fields.description === 0) fields.description = at.description;
    if (fields.category === 0) fields.category = at.category;
  }
  const diagnostics = item.diagnostics as (Loose | unknown[])[] | undefined;
  diagnostics?.forEach((stored, i) => {
    const d = Array.isArray(stored) ? fromRow(stored, text) : stored;
    if (d.file === 0) d.file = at.file;
    if (d.sheet === 0) d.sheet = at.sheet;
    if (typeof d.message === 'number') d.message = textAt(text, d.message);
    if (typeof d.messageEn === 'number') d.messageEn = textAt(text, d.messageEn);
    diagnostics[i] = d;
  });
  return item as unknown as ItemReport;
}

/** Keys read from their text, each distinct text parsed once (a submission has a few). */
const KEYS = new Map<string, string[]>();

function fromRow(row: unknown[], text: (n: number) => string | undefined): Loose {
  const json = textAt(text, row[0] as number);
  let keys = KEYS.get(json);
  if (!keys) {
    if (KEYS.size > 1000) KEYS.clear();
    KEYS.set(json, (keys = JSON.parse(json) as string[]));
  }
  const out: Loose = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = row[i + 1];
  return out;
}

function textAt(text: (n: number) => string | undefined, n: number): string {
  const t = text(n);
  if (t === undefined) throw new Error(`stored item names text ${n}, which its submission does not hold`);
  return t;
}

/**
 * SQL: the texts one stored version (`v`) may name (every whole number in its item: its texts'
 * numbers and a few others), as a JSON array of [n, text]; '[]' for a version stored before 0009.
 * Read beside the version, so a reader of a few items reads only their texts.
 */
export const VERSION_TEXTS = `(SELECT json_group_array(json_array(t.n, t.text)) FROM submission_texts t
  WHERE t.submission_id = v.submission_id AND t.n IN (SELECT x.value FROM json_tree(v.item) x WHERE x.type = 'integer'))`;

/** VERSION_TEXTS's answer as a lookup. */
export function textsOf(json: string): (n: number) => string | undefined {
  const map = new Map(JSON.parse(json) as [number, string][]);
  return (n) => map.get(n);
}
