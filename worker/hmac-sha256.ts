/**
 * HMAC-SHA-256 (RFC 2104 over FIPS 180-4), synchronous, for deriving many short item keys under
 * one secret. Web Crypto gives the same bytes but one promise per message: 10,000 item keys cost
 * 0.3–0.7 s of round trips into the runtime, where this costs two compressions per short message
 * (the key's inner and outer pad blocks are absorbed once, in `hmacSha256`). The output is
 * checked byte for byte against crypto.subtle in test/worker/item-keys.test.ts.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const W = new Int32Array(64);

/** Absorbs the 64-byte block of `bytes` at `at` into `state` (plain locals: V8 keeps them in registers). */
function compress(state: Int32Array, bytes: Uint8Array, at: number): void {
  const w = W;
  for (let i = 0; i < 16; i++, at += 4) w[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0; state[1] = (state[1]! + b) | 0; state[2] = (state[2]! + c) | 0; state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0; state[5] = (state[5]! + f) | 0; state[6] = (state[6]! + g) | 0; state[7] = (state[7]! + h) | 0;
}

const TAIL = new Uint8Array(128);

/** SHA-256 of `message`, continuing from `start` after `before` bytes already absorbed (a multiple of 64). */
function finish(start: Int32Array, before: number, message: Uint8Array): Uint8Array {
  const state = new Int32Array(8);
  state.set(start);
  const full = message.length - (message.length % 64);
  for (let at = 0; at < full; at += 64) compress(state, message, at);
  // The tail, the 0x80 byte and the length in bits (big-endian, 64 bits) in one or two blocks.
  const rest = message.length - full;
  const size = rest < 56 ? 64 : 128;
  TAIL.fill(0);
  TAIL.set(message.subarray(full));
  TAIL[rest] = 0x80;
  const bits = (before + message.length) * 8;
  const high = Math.floor(bits / 2 ** 32);
  const low = bits >>> 0;
  TAIL[size - 8] = high >>> 24; TAIL[size - 7] = high >>> 16; TAIL[size - 6] = high >>> 8; TAIL[size - 5] = high;
  TAIL[size - 4] = low >>> 24; TAIL[size - 3] = low >>> 16; TAIL[size - 2] = low >>> 8; TAIL[size - 1] = low;
  for (let at = 0; at < size; at += 64) compress(state, TAIL, at);
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    out[i * 4] = v >>> 24; out[i * 4 + 1] = v >>> 16; out[i * 4 + 2] = v >>> 8; out[i * 4 + 3] = v;
  }
  return out;
}

export const sha256 = (message: Uint8Array): Uint8Array => finish(Int32Array.from(IV), 0, message);

/** An HMAC-SHA-256 under `key`: the pads absorbed once, each message then hashed from there. */
export function hmacSha256(key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const pad = (byte: number) => {
    const state = Int32Array.from(IV);
    compress(state, block.map((b) => b ^ byte), 0);
    return state;
  };
  const inner = pad(0x36);
  const outer = pad(0x5c);
  return (message) => finish(outer, 64, finish(inner, 64, message));
}
