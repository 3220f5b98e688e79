/**
 * D1 binds at most 100 parameters and 2 MB per string, and a statement's text is capped at
 * 100 KB. So bulk rows travel as JSON arrays, one bound string per statement, read back with
 * `json_each(?)`; each chunk stays under the 2 MB string limit.
 */
export const CHUNK_BYTES = 1_800_000;

/**
 * Splits rows into JSON array strings of at most `maxBytes` UTF-8 bytes each, measured in bytes
 * (ASCII is 1 byte a character, Chinese 3), so chunks are as full as D1 allows. A single row
 * over the limit is refused: it could not be bound either (submissions' per-row text limit
 * keeps every stored row far below it).
 * @example jsonChunks([[1, 'a'], [2, 'b']]) // ['[[1,"a"],[2,"b"]]']
 */
export function jsonChunks(rows: readonly unknown[], maxBytes = CHUNK_BYTES): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let length = 2;
  const add = (json: string, bytes: number) => {
    parts.push(json);
    length += bytes + 1;
  };
  for (let at = 0; at < rows.length; at += GROUP) {
    // A group of rows stringified at once is the same text as each row's joined by commas, and
    // one call instead of GROUP (the per-row calls were 2/3 of this function on 10,000 items).
    const group = JSON.stringify(rows.slice(at, at + GROUP)).slice(1, -1);
    const groupBytes = utf8Length(group);
    if (length + groupBytes + 1 <= maxBytes) {
      add(group, groupBytes);
      continue;
    }
    // The group does not fit: row by row, so each chunk still closes only when its next row would not fit.
    for (const row of rows.slice(at, at + GROUP)) {
      const json = JSON.stringify(row);
      const bytes = utf8Length(json);
      if (bytes + 3 > maxBytes) throw new RangeError(`one row is larger than ${maxBytes} bytes`);
      if (length + bytes + 1 > maxBytes && parts.length) {
        chunks.push(`[${parts.join(',')}]`);
        parts = [];
        length = 2;
      }
      add(json, bytes);
    }
  }
  if (parts.length) chunks.push(`[${parts.join(',')}]`);
  return chunks;
}

/** Rows stringified together while they fit in the chunk being filled. */
const GROUP = 64;

const encoder = new TextEncoder();
let scratch = new Uint8Array(1 << 16);

/**
 * UTF-8 length of a string, as D1 will measure it: encoded natively into a reused buffer (a
 * JavaScript loop over every character cost ~200 ms for a 10,000-item submission's 14 MB of JSON).
 * Rows come from JSON.stringify, which escapes lone surrogates, so every character is well formed.
 */
export function utf8Length(text: string): number {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  return encoder.encodeInto(text, scratch).written;
}
