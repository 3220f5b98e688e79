import { Gunzip } from 'fflate';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { joinChunks, readAtMost } from '../byte-chunks.js';
import { ApiError } from '../errors.js';

/**
 * A request body sent with `Content-Encoding: gzip` (the add-in compresses a large ledger: its
 * JSON shrinks about tenfold, and a county's line is often slow), decoded before the route reads
 * it, so the route, its body limit and the submission's body hash see the same bytes as a plain
 * body. `identity` or no header: the body as it is. Any other coding: 415 with `Accept-Encoding: gzip`.
 *
 * fflate's JavaScript inflate, fed in slices and measured after each: workerd's DecompressionStream
 * inflates all that is written without waiting for reads (worker/zip-guard.ts), so a bomb would
 * inflate whole. Past `maxBytes` decoded the request is refused (413) while inflating. One gzip
 * member, its CRC-32 and length checked (RFC 1952): what CompressionStream and HTTP clients send.
 */
export const gzipBody = (maxBytes: number) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const coding = encodingOf(c.req.header('content-encoding'));
    if (coding === 'identity') return next();
    if (coding !== 'gzip') {
      throw new ApiError('unsupported-encoding', `不支持的压缩方式 ${coding.slice(0, 40)}，请用 gzip 或不压缩 (send gzip or no coding)`, undefined, { 'Accept-Encoding': 'gzip' });
    }
    c.req.raw = await decodedRequest(c.req.raw, maxBytes);
    await next();
  });

/**
 * The request with its body decoded. A function of its own, so the compressed bytes are not held
 * in the middleware's frame while the route runs (the largest ledger's memory is tight).
 */
async function decodedRequest(raw: Request, maxBytes: number): Promise<Request> {
  // The compressed body itself, refused (413) past `maxBytes` as it arrives.
  const packed = raw.body ? await readAtMost(raw.body, maxBytes, () => tooLarge(maxBytes)) : new Uint8Array(0);
  const decoded = decodeGzip(packed, maxBytes);
  const headers = new Headers(raw.headers);
  headers.delete('content-encoding');
  headers.set('content-length', String(decoded.length));
  return new Request(raw.url, { method: raw.method, headers, body: decoded });
}

/** The one coding a header names (lower case; `x-gzip` is gzip), or identity when none. */
export function encodingOf(header: string | undefined): string {
  const codings = (header ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s && s !== 'identity');
  if (codings.length === 0) return 'identity';
  if (codings.length > 1) return codings.join(', ');
  return codings[0] === 'x-gzip' ? 'gzip' : codings[0]!;
}

/** Slices of the compressed body fed at a time: each inflates to at most ~1,032 times its size. */
const SLICE = 16 * 1024;

/** One gzip member's bytes decoded, within `maxBytes` (ApiError 413 past it, 400 if it is not valid gzip). */
export function decodeGzip(packed: Uint8Array, maxBytes: number): Uint8Array<ArrayBuffer> {
  const malformed = (why: string) => new ApiError('malformed-encoding', `请求内容不是一段有效的 gzip 数据 (the body is not one valid gzip member: ${why})`);
  if (packed.length < 18 || packed[0] !== 0x1f || packed[1] !== 0x8b) throw malformed('no gzip header');
  const chunks: Uint8Array[] = [];
  let length = 0;
  const inflater = new Gunzip((chunk) => {
    length += chunk.length;
    if (length > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  });
  inflater.onmember = () => {
    throw malformed('more than one member');
  };
  try {
    for (let at = 0; at < packed.length; at += SLICE) inflater.push(packed.subarray(at, at + SLICE), at + SLICE >= packed.length);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw malformed(err instanceof Error ? err.message : 'unreadable');
  }
  const out = joinChunks(chunks, length);
  // The trailer: CRC-32 and length mod 2^32 of what it inflates to, little-endian.
  const trailer = new DataView(packed.buffer, packed.byteOffset + packed.length - 8, 8);
  if (trailer.getUint32(4, true) !== out.length >>> 0) throw malformed('its length does not match');
  if (trailer.getUint32(0, true) !== crc32(out)) throw malformed('its checksum does not match');
  return out;
}

const tooLarge = (maxBytes: number) => new ApiError('payload-too-large', `请求内容解压后超过 ${Math.round(maxBytes / 1024 / 1024)} MB (the body inflates past that)`);

// CRC-32 (ISO 3309, gzip's): a byte at a time through a 256-entry table.
const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
