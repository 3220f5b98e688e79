import { parseDayText } from './day-text.js';
import type { SheetView } from './sheet-view.js';
import { normaliseHeader } from './text.js';

export interface Preamble {
  /** From a 填报单位：… label above the header. */
  labelUnit?: string;
  /** From the title text, before 综合行政执法 / 行政执法 / 整改台账 / 整改清单. */
  titleUnit?: string;
  fillDate?: string;
}

const UNIT_LABEL = /(?:填报单位|报送单位|单位名称|责任单位|单位)\s*(?:[（(][^）)]*[）)])?\s*[:：]/;
const DATE_LABEL = /(?:填报时间|填报日期|报送时间|报送日期|填表时间|填表日期|日期|时间)\s*[:：]/;
const NEXT_LABEL = /(?:填报时间|填报日期|报送时间|报送日期|填表时间|填表日期|日期|时间|填表人|填报人|联系人|联系电话|审核人)\s*[:：]|\s{2,}/;
const STAMP = /[（(]\s*(?:盖章|公章|签章|章)\s*[）)]/g;
const TITLE_MARKERS = ['综合行政执法', '行政执法', '整改台账', '整改清单', '问题清单', '问题整改', '自查自纠'];

/**
 * Reads the rows above the header: the unit's label, the title, and the fill date.
 * @example readPreamble(view, 3) → { labelUnit: '城步苗族自治县市场监督管理局', fillDate: '2023-04-24', … }
 */
export function readPreamble(view: SheetView, headerTop: number, year: number): Preamble {
  const out: Preamble = {};
  for (let r = view.top; r < headerTop; r++) {
    for (let c = view.left; c <= view.right; c++) {
      const text = view.text(r, c);
      if (!text) continue;
      if (out.labelUnit === undefined) {
        const unit = labelled(view, r, c, text, UNIT_LABEL);
        if (unit !== undefined) out.labelUnit = cleanUnit(unit) || undefined;
      }
      if (out.fillDate === undefined && DATE_LABEL.test(text)) {
        const after = labelled(view, r, c, text, DATE_LABEL) ?? '';
        out.fillDate = parseDayText(after, year) ?? view.dateValue(r, c + 1) ?? undefined;
      }
      if (out.titleUnit === undefined && !UNIT_LABEL.test(text) && !DATE_LABEL.test(text)) {
        const t = unitFromTitle(text);
        if (t) out.titleUnit = t;
      }
    }
  }
  return out;
}

/** The value after a label in the same cell, else in the next non-empty cell to the right. */
function labelled(view: SheetView, row: number, column: number, text: string, label: RegExp): string | undefined {
  const m = label.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index + m[0].length);
  const end = NEXT_LABEL.exec(rest);
  const value = (end ? rest.slice(0, end.index) : rest).trim();
  if (value) return value;
  for (let c = column + 1; c <= Math.min(view.right, column + 4); c++) {
    const next = view.text(row, c);
    if (next && next !== text) return view.dateValue(row, c) ?? next;
  }
  return '';
}

function cleanUnit(text: string): string {
  return text.replace(STAMP, '').replace(/[:：\s]+$/g, '').trim();
}

/**
 * The unit a title names: the text before 综合行政执法 (or 行政执法, 整改台账, 整改清单…),
 * without a leading year.
 * @example unitFromTitle('儒林镇综合行政执法不规范问题整改清单') === '儒林镇'
 */
export function unitFromTitle(title: string): string | undefined {
  const s = title.replace(/\s+/g, '');
  let cut = -1;
  for (const marker of TITLE_MARKERS) {
    const at = s.indexOf(marker);
    if (at > 0 && (cut < 0 || at < cut)) cut = at;
  }
  if (cut <= 0) return undefined;
  const unit = s.slice(0, cut).replace(/^\d{4}年度?/, '').replace(/(关于|开展|的)$/, '');
  return unit && unit.length <= 40 ? unit : undefined;
}

const GENERIC_SHEET = /^(?:sheet|工作表|表)\s*\d*$|台账|清单|汇总|说明|问题|整改|模板|明细/i;

/** A sheet name that names a unit (茅坪镇), not a generic one (Sheet1, 整改台账). */
export function unitFromSheetName(name: string): string | undefined {
  const n = normaliseHeader(name);
  return n && !GENERIC_SHEET.test(n) ? n : undefined;
}

/** The last resort: the file's name without folders and extension, titles markers cut. */
export function unitFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const stem = base.replace(/\.[^.]+$/, '');
  return unitFromTitle(stem) ?? stem;
}
