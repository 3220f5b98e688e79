import type { Report } from '../shared/index.js';

/** Items serialised at a time: pieces of about half a megabyte for the 5,000-row aggregate. */
export const ITEMS_PER_PIECE = 500;

/**
 * `JSON.stringify(report, null, 2)` in pieces, made one at a time as they are asked for, so the
 * CLI writes one piece while it makes the next (cli/write-utf8.ts, writePieces). The pieces
 * joined are exactly that text: the report's skeleton is stringified with each long items list
 * replaced by a marker, and each slice of items is stringified nested as deep as the items sit,
 * so JSON.stringify itself indents it; what wraps the slice is cut off. As fast as the whole
 * text (5,000 items: 56 ms of CPU made and encoded either way), but never holding it: 18,000
 * items (29 MB of JSON) peak at 162 MB, not 227–239 MB.
 * @example for (const piece of reportJsonPieces(report)) write(piece)
 */
export function* reportJsonPieces(report: Report, perPiece = ITEMS_PER_PIECE): Generator<string> {
  const long = report.sheets.filter((s) => s.items.length > perPiece);
  if (long.length === 0) {
    yield JSON.stringify(report, null, 2);
    return;
  }
  const marker = (i: number) => `\u0001items ${i}\u0001`;
  const sheets = report.sheets.map((s) => (s.items.length > perPiece ? { ...s, items: marker(long.indexOf(s)) } : s));
  const skeleton = JSON.stringify({ ...report, sheets }, null, 2);
  // Where each marker stands (quoted, escaped as JSON writes it); a text in the report that
  // reads like one (never from a real ledger) means the whole report in one piece.
  const places = long.map((_, i) => {
    const quoted = JSON.stringify(marker(i));
    const at = skeleton.indexOf(quoted);
    return at >= 0 && skeleton.lastIndexOf(quoted) === at ? { at, end: at + quoted.length } : undefined;
  });
  if (places.some((p) => !p) || places.some((p, i) => i > 0 && p!.at < places[i - 1]!.end)) {
    yield JSON.stringify(report, null, 2);
    return;
  }
  let from = 0;
  for (const [i, sheet] of long.entries()) {
    const { at, end } = places[i]!;
    const indent = at - skeleton.lastIndexOf('\n', at) - 1 - '"items": '.length;
    yield `${skeleton.slice(from, at)}[\n`;
    for (let k = 0; k < sheet.items.length; k += perPiece) {
      const elements = elementsAt(sheet.items.slice(k, k + perPiece), indent / 2 + 1);
      // The separator as a piece of its own: `${elements},\n` would be a second copy of the
      // piece's text when it is encoded (elements is a slice of flat text; the sum is not).
      yield elements;
      if (k + perPiece < sheet.items.length) yield ',\n';
    }
    yield `\n${' '.repeat(indent)}]`;
    from = end;
  }
  yield skeleton.slice(from);
}

/** The elements of `list` as JSON.stringify(…, null, 2) writes them `depth` levels deep (2·depth spaces), joined by ",\n". */
function elementsAt(list: readonly unknown[], depth: number): string {
  let nested: unknown = list;
  for (let d = 1; d < depth; d++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  // Cut the `depth` opening lines and the `depth` closing lines around the elements.
  let start = 0;
  for (let d = 0; d < depth; d++) start = text.indexOf('\n', start) + 1;
  let end = text.length;
  for (let d = 0; d < depth; d++) end = text.lastIndexOf('\n', end - 1);
  return text.slice(start, end);
}
