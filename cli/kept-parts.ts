import { createRequire } from 'node:module';
import type { Unzipped } from 'fflate';
import { readRels, readWorkbookPart, resolvePart, workbookPartPath } from '../shared/xlsx/parts.js';
import { decodeXml } from '../shared/xlsx/xml.js';

// ExcelJS writes only the parts it models. An annotated copy (--out) of a workbook with pictures
// in cells would lose them, which in a 佐证材料 column are the unit's evidence: WPS's (嵌入单元格
// 图片: the cells keep =DISPIMG("ID_…",1), the pictures are in xl/cellimages.xml) and Excel 365's
// (放置在单元格中: the cells keep #VALUE! and a value-metadata index, vm, into xl/metadata.xml and
// the rich values in xl/richData, which name the pictures). The copy gets them back: those parts,
// the pictures they name and their relationships taken over from the original package as they
// were, and each cell's vm put back on it.

/** Relationship types of workbook parts the copy keeps from the original: pictures in cells, WPS's and Excel's. */
const KEPT = /\/(cellImage|sheetMetadata|rdRichValue\w*|richValueRel|rdSupportingPropertyBag\w*|rdArray)$/i;

/** Whether a package holds a part the copy must keep (by name, before anything is unzipped). */
export function holdsKeptParts(names: Iterable<string>): boolean {
  for (const name of names) if (/(^|\/)cellimages\.xml$|(^|\/)richData\//i.test(name)) return true;
  return false;
}

type Rel = { id: string; type: string; target: string; external: boolean };

function relsOf(xml: string | undefined): Rel[] {
  if (!xml) return [];
  return [...xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*?)\/?>/g)].map(([, attrs]) => {
    const get = (name: string) => decodeXml(new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(attrs!)?.[1] ?? '');
    return { id: get('Id'), type: get('Type'), target: get('Target').replace(/\\/g, '/'), external: get('TargetMode') === 'External' };
  });
}

const relsPath = (part: string) => {
  const at = part.lastIndexOf('/');
  return `${part.slice(0, at + 1)}_rels/${part.slice(at + 1)}.rels`;
};
const folderOf = (part: string) => part.slice(0, part.lastIndexOf('/') + 1);
const text = (files: Unzipped, path: string) => (files[path] ? new TextDecoder().decode(files[path]) : undefined);
const bytesOf = (text: string) => new TextEncoder().encode(text);
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The workbook part of a package, found as the reader finds it. */
const workbookPath = (files: Unzipped) => workbookPartPath(text(files, '_rels/.rels'));

/**
 * The package ExcelJS wrote (`written`) with the parts of `original` it dropped and the copy
 * keeps, each with the pictures it names (renamed only where ExcelJS wrote another picture under
 * the same name), its relationship from the workbook and its content type.
 * @example await fsp.writeFile(target, withKeptParts(await workbook.xlsx.writeBuffer(), originalBytes));
 */
export function withKeptParts(written: Uint8Array, original: Uint8Array): Uint8Array {
  // Required here, not imported: only a copy of such a workbook needs it, and every run loads the reader.
  const { unzipSync, zipSync } = createRequire(import.meta.url)('fflate') as typeof import('fflate');
  const from = unzipSync(original);
  const to = unzipSync(written);
  const fromBook = workbookPath(from);
  const toBook = workbookPath(to);
  const kept = relsOf(text(from, relsPath(fromBook))).filter((r) => KEPT.test(r.type) && !r.external);
  if (!kept.length) return written;
  const fromTypes = text(from, '[Content_Types].xml') ?? '';
  let types = text(to, '[Content_Types].xml') ?? '';
  let bookRels = text(to, relsPath(toBook)) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  let media = 0;
  kept.forEach((rel, k) => {
    const part = resolvePart(folderOf(fromBook), rel.target);
    if (!from[part] || to[part]) return;
    to[part] = from[part];
    // Its own relationships: the pictures it names, copied with it.
    const own = text(from, relsPath(part));
    if (own) {
      to[relsPath(part)] = bytesOf(own.replace(/(<(?:\w+:)?Relationship\b[^>]*?\bTarget\s*=\s*")([^"]*)(")/g, (whole, open: string, target: string, close: string) => {
        if (/TargetMode\s*=\s*"External"/.test(whole)) return whole;
        const source = resolvePart(folderOf(part), decodeXml(target).replace(/\\/g, '/'));
        if (!from[source]) return whole;
        // A part that is no picture (another rich data part) keeps its place.
        if (!/Type\s*=\s*"[^"]*\/image"/.test(whole)) {
          to[source] ??= from[source];
          return whole;
        }
        const ext = /\.([A-Za-z0-9]+)$/.exec(source)?.[1] ?? 'bin';
        // Under its own name unless ExcelJS wrote another picture there: ExcelJS writes every
        // picture of the package it loaded, this one usually among them, which is then reused.
        const picture = from[source]!;
        let name = source;
        const there = to[name];
        if (there && !sameBytes(there, picture)) do name = `xl/media/cell-picture${++media}.${ext}`; while (to[name]);
        to[name] = picture;
        if (!new RegExp(`<Default\\b[^>]*Extension\\s*=\\s*"${ext}"`, 'i').test(types)) {
          const declared = new RegExp(`<Default\\b[^>]*Extension\\s*=\\s*"${ext}"[^>]*ContentType\\s*=\\s*"([^"]*)"`, 'i').exec(fromTypes)?.[1];
          types = types.replace('</Types>', `<Default Extension="${ext}" ContentType="${escape(declared ?? `image/${ext.toLowerCase()}`)}"/></Types>`);
        }
        return `${open}${escape(relativeTo(folderOf(part), name))}${close}`;
      }));
    }
    const contentType = new RegExp(`<Override\\b[^>]*PartName\\s*=\\s*"/${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*ContentType\\s*=\\s*"([^"]*)"`, 'i').exec(fromTypes)?.[1];
    if (contentType) types = types.replace('</Types>', `<Override PartName="/${escape(part)}" ContentType="${escape(contentType)}"/></Types>`);
    bookRels = bookRels.replace('</Relationships>', `<Relationship Id="rIdKept${k + 1}" Type="${escape(rel.type)}" Target="${escape(relativeTo(folderOf(toBook), part))}"/></Relationships>`);
  });
  to['[Content_Types].xml'] = bytesOf(types);
  to[relsPath(toBook)] = bytesOf(bookRels);
  if (kept.some((r) => /\/sheetMetadata$/i.test(r.type))) restoreValueMetadata(from, fromBook, to, toBook);
  return zipSync(to);
}

/** Each worksheet's part by its sheet name. */
function sheetParts(files: Unzipped, book: string): Map<string, string> {
  const rels = readRels(text(files, relsPath(book)) ?? '', folderOf(book));
  return new Map(readWorkbookPart(text(files, book) ?? '').sheets.flatMap((s) => (rels.has(s.rId) ? [[s.name, rels.get(s.rId)!] as const] : [])));
}

/** Puts each cell's value-metadata index (vm) back where the original had one: ExcelJS drops it. */
function restoreValueMetadata(from: Unzipped, fromBook: string, to: Unzipped, toBook: string): void {
  const written = sheetParts(to, toBook);
  for (const [name, part] of sheetParts(from, fromBook)) {
    const source = text(from, part);
    const target = written.get(name);
    const xml = target ? text(to, target) : undefined;
    if (!source || !target || xml === undefined) continue;
    const vmOf = new Map<string, string>();
    for (const [, attrs] of source.matchAll(/<(?:\w+:)?c\b([^>]*)>/g)) {
      const vm = /\bvm\s*=\s*"(\d+)"/.exec(attrs!)?.[1];
      const ref = /\br\s*=\s*"([A-Z]+\d+)"/.exec(attrs!)?.[1];
      if (vm && ref) vmOf.set(ref, vm);
    }
    if (!vmOf.size) continue;
    to[target] = bytesOf(xml.replace(/<c\b([^>]*?)(\/?)>/g, (whole, attrs: string, close: string) => {
      const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
      const vm = ref ? vmOf.get(ref) : undefined;
      return vm && !/\bvm=/.test(attrs) ? `<c${attrs} vm="${vm}"${close}>` : whole;
    }));
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** `xl/media/a.png` from `xl/` is `media/a.png`; from `xl/drawings/`, `../media/a.png`. */
function relativeTo(folder: string, path: string): string {
  const from = folder.split('/').filter(Boolean);
  const to = path.split('/');
  let same = 0;
  while (same < from.length && same < to.length - 1 && from[same] === to[same]) same++;
  return [...from.slice(same).map(() => '..'), ...to.slice(same)].join('/');
}
