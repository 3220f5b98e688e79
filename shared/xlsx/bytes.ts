/**
 * Where `needle` next occurs in `bytes` from `from`, or -1: its first byte found natively, the
 * rest compared. For the reader's rare searches (a comment's end, an OLE2 stream name); the
 * Worker has no Buffer to do it.
 */
export function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from = 0): number {
  for (let i = bytes.indexOf(needle[0]!, from); i >= 0 && i + needle.length <= bytes.length; i = bytes.indexOf(needle[0]!, i + 1)) {
    let k = 1;
    while (k < needle.length && bytes[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}
