import XLSX from '@e965/xlsx';

/**
 * Builds BIFF8 workbook streams record by record (MS-XLS), for the cases no writer at hand
 * produces: formula text results, strings split across CONTINUE records, FILEPASS, BIFF5.
 * Wrapped in an OLE2 container by SheetJS's CFB writer (its own code, not the reader's).
 */

export const T = {
  BOF: 0x0809, EOF: 0x000a, FILEPASS: 0x002f, DATEMODE: 0x0022, FORMAT: 0x041e, XF: 0x00e0, SST: 0x00fc, CONTINUE: 0x003c,
  BOUNDSHEET: 0x0085, LABELSST: 0x00fd, LABEL: 0x0204, NUMBER: 0x0203, RK: 0x027e, MULRK: 0x00bd, BOOLERR: 0x0205,
  FORMULA: 0x0006, STRING: 0x0207, SHRFMLA: 0x04bc, MERGEDCELLS: 0x00e5, COLINFO: 0x007d,
} as const;

export const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
export const u32 = (n: number) => [...u16(n & 0xffff), ...u16((n >>> 16) & 0xffff)];
export function f64(n: number): number[] {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, n, true);
  return [...new Uint8Array(dv.buffer)];
}

export function record(type: number, data: number[] | Uint8Array): number[] {
  return [...u16(type), ...u16(data.length), ...data];
}

/** An XLUnicodeString's bytes: one byte a character when every one is below 256, else UTF-16LE. */
export function chars(text: string, wide = [...text].some((c) => c.charCodeAt(0) > 0xff)): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(...(wide ? u16(text.charCodeAt(i)) : [text.charCodeAt(i)]));
  return out;
}
export function xlString(text: string, { short = false, wide }: { short?: boolean; wide?: boolean } = {}): number[] {
  const w = wide ?? [...text].some((c) => c.charCodeAt(0) > 0xff);
  return [...(short ? [text.length] : u16(text.length)), w ? 1 : 0, ...chars(text, w)];
}

/** A cell record's row, column (both 0-based) and XF. */
export const at = (row: number, col: number, xf = 15) => [...u16(row), ...u16(col), ...u16(xf)];

/** The default XFs Excel writes (15 style XFs, then cell XF 15, all General), and `more` formats after them. */
export function xfs(formatIds: number[] = []): number[][] {
  return [...Array.from({ length: 16 }, () => 0), ...formatIds].map((f, i) => record(T.XF, [...u16(0), ...u16(f), ...u16(i < 15 ? 0xfff5 : 0), ...new Array(14).fill(0)]));
}

export interface SheetSpec {
  name: string;
  /** BOUNDSHEET's sheet type: 0 worksheet, 2 chart. */
  kind?: number;
  records: number[][];
}

/**
 * A workbook stream: BOF, `globals` (XFs, SST…), a BOUNDSHEET a sheet, EOF, then each sheet's
 * BOF, records and EOF; `version` 0x0600 is BIFF8.
 */
export function workbookStream(globals: number[][], sheets: SheetSpec[], version = 0x0600): Uint8Array {
  const bof = (dt: number) => record(T.BOF, [...u16(version), ...u16(dt), ...new Array(12).fill(0)]);
  const bodies = sheets.map((s) => [...bof(s.kind === 2 ? 0x20 : 0x10), ...s.records.flat(), ...record(T.EOF, [])]);
  const boundsheet = (s: SheetSpec, offset: number) => record(T.BOUNDSHEET, [...u32(offset), 0, s.kind ?? 0, ...xlString(s.name, { short: true })]);
  const head = [...bof(0x05), ...globals.flat()];
  const sheetsLength = sheets.reduce((n, s) => n + boundsheet(s, 0).length, 0);
  let offset = head.length + sheetsLength + 4;
  const entries = sheets.map((s, i) => {
    const r = boundsheet(s, offset);
    offset += bodies[i]!.length;
    return r;
  });
  return Uint8Array.from([...head, ...entries.flat(), ...record(T.EOF, []), ...bodies.flat()]);
}

/** An OLE2 file holding `streams` by name (SheetJS's writer: small ones in the mini stream). */
export function compoundFile(streams: Record<string, Uint8Array>): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  for (const [name, bytes] of Object.entries(streams)) XLSX.CFB.utils.cfb_add(cfb, `/${name}`, bytes);
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
}

/** One worksheet `name` with `records`, the default XFs plus `globals`, as an .xls file. */
export function xlsFile(records: number[][], globals: number[][] = xfs(), name = 'Sheet1'): Uint8Array {
  return compoundFile({ Workbook: workbookStream(globals, [{ name, records }]) });
}
