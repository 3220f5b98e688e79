/**
 * SHA-256, hex. Used for token hashes (tokens are 256-bit random strings, so a fast unsalted
 * hash suffices: nothing to brute-force, and lookup stays one indexed query) and for
 * recognising a retried request body under the same Idempotency-Key.
 * @example await sha256Hex('abc') // 'ba7816bf…'
 */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
