/**
 * D1 binds at most 100 parameters and 2 MB per string, and a statement's text is capped at
 * 100 KB. So bulk rows travel as JSON arrays, one bound string per statement, read back with
 * `json_each(?)`; each chunk stays under the 2 MB string limit.
 */
export const CHUNK_BYTES = 1_800_000;

/**
 * Splits rows into JSON array strings of at most `maxBytes` UTF-8 bytes each. A UTF-16 code unit
 * is at most 3 UTF-8 bytes, so 3 × length bounds a chunk's size without encoding it (Chinese
 * text is 3 bytes a character anyway). A single row over the limit is refused: it could not be
 * bound either.
 * @example jsonChunks([[1, 'a'], [2, 'b']]) // ['[[1,"a"],[2,"b"]]']
 */
export function jsonChunks(rows: readonly unknown[], maxBytes = CHUNK_BYTES): string[] {
  const budget = Math.floor(maxBytes / 3);
  const chunks: string[] = [];
  let parts: string[] = [];
  let length = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (json.length + 3 > budget) throw new Error(`one row is larger than ${maxBytes} bytes`);
    if (length + json.length + 1 > budget && parts.length) {
      chunks.push(`[${parts.join(',')}]`);
      parts = [];
      length = 2;
    }
    parts.push(json);
    length += json.length + 1;
  }
  if (parts.length) chunks.push(`[${parts.join(',')}]`);
  return chunks;
}
