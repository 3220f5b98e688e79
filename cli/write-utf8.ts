/** Characters encoded at a time, so the buffer (3 bytes a character at most) stays bounded. */
const SLICE = 4 * 1024 * 1024;

/**
 * Writes text as UTF-8 bytes. TextEncoder.encodeInto is about three times as fast as the
 * encoding a stream does for a string (the 5,000-row report: 6.8 MB, 13 ms against 35 ms).
 * @example writeUtf8(process.stdout, `${JSON.stringify(report, null, 2)}\n`)
 */
export function writeUtf8(out: { write(chunk: Uint8Array | string): unknown }, text: string): void {
  if (text.length < 64 * 1024) {
    out.write(text);
    return;
  }
  const encoder = new TextEncoder();
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + SLICE);
    // Never between the two halves of a surrogate pair.
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
    // A buffer for each slice: the stream may hold it until the pipe takes it.
    const buffer = Buffer.allocUnsafe((to - from) * 3);
    const { written } = encoder.encodeInto(text.slice(from, to), buffer);
    out.write(buffer.subarray(0, written));
    from = to;
  }
}
