import { BUILTIN_FORMATS } from './builtin-formats.js';
import { attr, decodeXml, XmlScanner, type XmlHandler } from './xml.js';

/** Runs a handler over a whole part's text. */
export function scanXml(text: string, handler: XmlHandler): void {
  new XmlScanner(handler).push(text, true);
}

/** Excel's escape for characters XML cannot hold: _x000D_ is a carriage return. */
export function unescapeOoxml(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export interface SheetDef {
  name: string;
  rId: string;
}

/** The sheets in tab order and the date system, from xl/workbook.xml. */
export function readWorkbookPart(text: string): { sheets: SheetDef[]; date1904: boolean } {
  const sheets: SheetDef[] = [];
  let date1904 = false;
  scanXml(text, {
    open(name, attrs) {
      if (name === 'sheet') {
        // The relationships namespace is usually prefixed r:, but any prefix is valid XML (ns:id).
        const rId = attr(attrs, 'r:id') ?? /(?:^|\s)[\w.-]+:id\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1] ?? attr(attrs, 'id');
        sheets.push({ name: attr(attrs, 'name') ?? '', rId: rId ?? '' });
      } else if (name === 'workbookPr') date1904 = attr(attrs, 'date1904') === '1';
    },
    close() {},
    text() {},
  });
  return { sheets, date1904 };
}

/**
 * A relationships part: id → target path resolved against the part's folder; `types`, when
 * given, gets each id's relationship type (its last path segment: worksheet, chartsheet…).
 * A target written with backslashes (as some Windows tools write paths) reads as with slashes.
 */
export function readRels(text: string, folder: string, types?: Map<string, string>): Map<string, string> {
  const rels = new Map<string, string>();
  scanXml(text, {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const id = attr(attrs, 'Id');
      const target = attr(attrs, 'Target')?.replace(/\\/g, '/');
      if (id && target && attr(attrs, 'TargetMode') !== 'External') {
        rels.set(id, resolvePart(folder, target));
        types?.set(id, (attr(attrs, 'Type') ?? '').replace(/^.*\//, ''));
      }
    },
    close() {},
    text() {},
  });
  return rels;
}

/**
 * The workbook part a package's root relationships (_rels/.rels) name, xl/workbook.xml when they
 * name none: the .xlsx reader and the annotated copy (cli/kept-parts.ts) find it alike.
 */
export function workbookPartPath(rootRels: string | undefined): string {
  return (rootRels && [...readRels(rootRels, '').values()].find((t) => /workbook\d*\.xml$/i.test(t))) || 'xl/workbook.xml';
}

/** `worksheets/sheet1.xml` from `xl/` is `xl/worksheets/sheet1.xml`; `/xl/…` is absolute. */
export function resolvePart(folder: string, target: string): string {
  const parts = target.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/** The common shared string: one `<t>` of text and nothing else (Excel, ExcelJS and SheetJS write it). */
const PLAIN_SI = /<si><t(?: xml:space="preserve")?>([^<]*)<\/t><\/si>/y;

/**
 * The shared strings, as ExcelJS reads them: plain text, or rich-text runs joined (phonetic
 * runs left out); an <si> with neither is null. The part is decoded once; each plain <si> is read
 * by one sticky match, any other (rich text, phonetic runs, a prefix) by the generic scanner.
 */
export function readSharedStrings(text: string): (string | null)[] {
  // Prefixed elements, comments or CDATA anywhere: the generic reading of the whole part.
  if (text.indexOf(':si') >= 0 || text.indexOf('<!--') >= 0 || text.indexOf('<![CDATA[') >= 0) return readSharedStringsGeneric(text);
  const out: (string | null)[] = [];
  for (let at = text.indexOf('<si'); at >= 0; at = text.indexOf('<si', at)) {
    const next = text.charCodeAt(at + 3);
    if (next !== 62 && next !== 32 && next !== 47 && next !== 9 && next !== 10 && next !== 13) {
      at += 3; // <sis…>: another element
      continue;
    }
    PLAIN_SI.lastIndex = at;
    const m = PLAIN_SI.exec(text);
    if (m) {
      out.push(unescapeOoxml(decodeXml(m[1]!)));
      at = PLAIN_SI.lastIndex;
      continue;
    }
    const openEnd = text.indexOf('>', at);
    let end: number;
    if (openEnd < 0) end = text.length;
    else if (text.charCodeAt(openEnd - 1) === 47) end = openEnd + 1; // <si/>
    else {
      const close = text.indexOf('</si>', openEnd);
      end = close < 0 ? text.length : close + 5;
    }
    out.push(...readSharedStringsGeneric(text.slice(at, end)));
    at = end;
  }
  return out;
}

/** The shared strings read tag by tag with XmlScanner. */
function readSharedStringsGeneric(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  let current: string | null = null;
  let inT = false;
  let depthRPh = 0;
  let buf = '';
  scanXml(text, {
    open(name, _attrs, selfClosing) {
      if (name === 'si') current = null;
      else if (name === 'rPh') depthRPh++;
      else if (name === 't' && depthRPh === 0) {
        inT = !selfClosing;
        buf = '';
        if (selfClosing) current = (current ?? '') + '';
      }
    },
    close(name) {
      if (name === 'si') out.push(current);
      else if (name === 'rPh') depthRPh--;
      else if (name === 't' && inT) {
        inT = false;
        current = (current ?? '') + unescapeOoxml(buf);
      }
    },
    text(t) {
      if (inT) buf += t;
    },
  });
  return out;
}

/** Each cell style's (cellXfs index) number format, undefined for none. */
export function readStyles(text: string): (string | undefined)[] {
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inCellXfs = false;
  scanXml(text, {
    open(name, attrs, selfClosing) {
      if (name === 'numFmt') {
        const id = Number.parseInt(attr(attrs, 'numFmtId') ?? '', 10);
        // ExcelJS drops backslash escapes from custom patterns; the grid keeps its pattern.
        custom.set(id, (attr(attrs, 'formatCode') ?? '').replace(/[\\](.)/g, '$1'));
      } else if (name === 'cellXfs') inCellXfs = !selfClosing;
      else if (name === 'xf' && inCellXfs) xfIds.push(Number.parseInt(attr(attrs, 'numFmtId') ?? '0', 10));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return xfIds.map((id) => (id ? custom.get(id) || BUILTIN_FORMATS[id] : undefined));
}

/** A table part's name and range. */
export function readTablePart(text: string): { name: string; ref: string } | null {
  let found: { name: string; ref: string } | null = null;
  scanXml(text, {
    open(name, attrs) {
      if (name !== 'table' || found) return;
      const n = attr(attrs, 'name');
      const ref = attr(attrs, 'ref');
      if (n && ref) found = { name: n, ref };
    },
    close() {},
    text() {},
  });
  return found;
}
