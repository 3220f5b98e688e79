import type { Grid } from '../../shared/index.js';
import { gbk } from './gbk.js';

// A grid written as an Excel 2.x–4.0 worksheet (a bare BIFF2, BIFF3 or BIFF4 stream), as the
// simple "导出Excel" writers of old systems write one: a code page (GBK by default), the number
// formats the cells use, then each cell (text, numbers, truth values), and hidden columns (BIFF3
// and later). For tests of shared/xls/old-biff.ts; Excel's own files are in test/fixtures/xls/real.

const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];
const float = (x: number) => [...new Uint8Array(Float64Array.of(x).buffer)];
const record = (type: number, data: number[]) => [...le16(type), ...le16(data.length), ...data];

/** `codePage: false` leaves the CODEPAGE record out, as many simple writers do (the text still in GBK, or `western` bytes). */
export function oldBiff(grid: Grid, version: 2 | 3 | 4, { codePage = true, western = false } = {}): Uint8Array {
  const formats = ['General', ...new Set(grid.formats?.flat().filter((f): f is string => !!f))];
  const formatOf = (r: number, c: number) => Math.max(0, formats.indexOf(grid.formats?.[r]?.[c] ?? 'General'));
  const out: number[] = [];
  const bofType = version === 2 ? 0x0009 : version === 3 ? 0x0209 : 0x0409;
  out.push(...record(bofType, version === 2 ? [...le16(7), ...le16(0x10)] : [...le16(version * 0x100), ...le16(0x10), 0, 0]));
  if (codePage) out.push(...record(0x0042, le16(936)));
  const encode = western ? (text: string) => [...text].map((c) => c.charCodeAt(0) & 255) : gbk;
  for (const f of formats) {
    const bytes = encode(f);
    out.push(...record(version === 4 ? 0x041e : 0x001e, [...(version === 4 ? [0, 0] : []), bytes.length, ...bytes]));
  }
  // BIFF3 and BIFF4: an XF a format (font 0, the format's index); a cell names its XF.
  if (version > 2) formats.forEach((_, k) => out.push(...record(version === 3 ? 0x0243 : 0x0443, [0, k, ...new Array(10).fill(0)])));
  for (const c of grid.hiddenColumns ?? []) if (version > 2) out.push(...record(0x007d, [...le16(c - 1), ...le16(c - 1), ...le16(2048), ...le16(0), ...le16(1), 0, 0]));
  const top = (grid.top ?? 1) - 1;
  const left = (grid.left ?? 1) - 1;
  grid.values.forEach((row, r) => row.forEach((v, c) => {
    if (v === null || v === '') return;
    const at = [...le16(top + r), ...le16(left + c)];
    const fmt = formatOf(r, c);
    const head = version === 2 ? [...at, 0, fmt, 0] : [...at, ...le16(fmt)];
    if (typeof v === 'string') {
      const bytes = encode(v);
      if (version === 2) out.push(...record(0x0004, [...head, Math.min(bytes.length, 255), ...bytes.slice(0, 255)]));
      else out.push(...record(0x0204, [...head, ...le16(bytes.length), ...bytes]));
    } else if (typeof v === 'boolean') {
      out.push(...record(version === 2 ? 0x0005 : 0x0205, [...head, v ? 1 : 0, 0]));
    } else if (version === 2 && Number.isInteger(v) && v >= 0 && v < 65536) {
      out.push(...record(0x0002, [...head, ...le16(v)]));
    } else if (version > 2 && Number.isInteger(v) && Math.abs(v) < 2 ** 29) {
      out.push(...record(0x027e, [...head, ...le32(((v << 2) | 2) >>> 0)]));
    } else {
      out.push(...record(version === 2 ? 0x0003 : 0x0203, [...head, ...float(v)]));
    }
  }));
  out.push(...record(0x000a, []));
  return Uint8Array.from(out);
}
