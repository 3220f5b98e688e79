/**
 * The first `length` bytes of `chunks` as one array, as a stream or an inflater handed them over:
 * the one chunk itself when it holds exactly those bytes, else one copy.
 * @example joinChunks([Uint8Array.of(1, 2), Uint8Array.of(3)], 3) // Uint8Array [1, 2, 3]
 */
export function joinChunks(chunks: readonly Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const only = chunks[0];
  if (chunks.length === 1 && only!.length === length && only!.buffer instanceof ArrayBuffer) return only as Uint8Array<ArrayBuffer>;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    if (at >= length) break;
    out.set(chunk.subarray(0, length - at), at);
    at += chunk.length;
  }
  return out;
}

/**
 * A stream's bytes as one array, read chunk by chunk: past `maxBytes` the stream is cancelled and
 * `tooLarge()` thrown, so nothing larger is ever held.
 */
export async function readAtMost(stream: ReadableStream<Uint8Array>, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return joinChunks(chunks, length);
}
