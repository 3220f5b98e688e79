import type { Status } from './schema/report.js';
import { stripSpaces } from './text.js';

/**
 * Status words (SPEC section 4), tried in this order so a negation wins: 未完成 and 尚未完成
 * contain 完成 but mean in progress. A text that contains a listed word counts as it.
 */
const NOT_STARTED = ['未整改', '未开始', '尚未整改', '未启动', '尚未开始'];
const IN_PROGRESS = [
  '整改中', '正在整改', '正在推进', '推进中', '持续整改', '部分完成', '未完成', '尚未完成', '未整改到位',
  '进行中', '正在进行', '持续推进',
  // 基本完成 ("mostly done") is not done: the county office treats it as still open.
  '基本完成',
];
const CLOSED = ['已销号'];
const COMPLETED = ['已完成', '已整改到位', '已整改', '整改完成', '完成', '已办结', '办结'];
/** One-character answers match only on their own: 是否 in a sentence is not 是. */
const YES = new Set(['是', '√', '✓', '✔', '☑', 'Y', 'y', 'yes', 'Yes', 'YES']);
const NO = new Set(['否', '×', '✗', '✘', 'N', 'n', 'no', 'No', 'NO']);

export interface StatusReading {
  status: Status;
  /** The status column said 已销号 (counts as completed and closed out). */
  closed: boolean;
}

const cache = new Map<string, StatusReading | null>();

/**
 * Reads the status column's text; null for an empty cell.
 * @example readStatus('整改已完成') → { status: 'completed', closed: false }
 */
export function readStatus(text: string): StatusReading | null {
  // Keyed on the text as written: a ledger repeats a handful of status words in every row.
  let hit = cache.get(text);
  if (hit === undefined) {
    const s = stripSpaces(text).replace(/[。.！!]+$/, '');
    hit = s ? computeStatus(s) : null;
    if (cache.size > 10_000) cache.clear();
    cache.set(text, hit);
  }
  return hit;
}

function computeStatus(s: string): StatusReading {
  if (YES.has(s)) return { status: 'completed', closed: false };
  if (NO.has(s)) return { status: 'in_progress', closed: false };
  if (NOT_STARTED.some((w) => s.includes(w))) return { status: 'not_started', closed: false };
  if (IN_PROGRESS.some((w) => s.includes(w))) return { status: 'in_progress', closed: false };
  if (s.includes('未销号')) return { status: 'completed', closed: false };
  if (CLOSED.some((w) => s.includes(w))) return { status: 'completed', closed: true };
  if (COMPLETED.some((w) => s.includes(w))) return { status: 'completed', closed: false };
  return { status: 'unknown', closed: false };
}

/**
 * Reads a closedOut column (是否销号): true for 已销号, 是, √; false for empty, 否, 未销号 and
 * anything else (an unclear mark does not close an item).
 */
export function readClosedOut(text: string): boolean {
  let hit = closedCache.get(text);
  if (hit === undefined) {
    hit = computeClosedOut(stripSpaces(text));
    if (closedCache.size > 10_000) closedCache.clear();
    closedCache.set(text, hit);
  }
  return hit;
}

const closedCache = new Map<string, boolean>();

function computeClosedOut(s: string): boolean {
  if (!s || NO.has(s) || s.includes('未销号') || s.includes('未')) return false;
  return YES.has(s) || s.includes('已销号') || s === '销号';
}
