import { md5, sha1 } from '@noble/hashes/legacy';
import type { BiffRecord } from './biff-records.js';
import { XlsError } from './compound-file.js';
import { bytesEqual, concat, le32, utf16le } from '../office-crypto.js';

/**
 * The workbook stream decrypted (MS-XLS 2.2.10, MS-OFFCRYPTO 2.3.5–2.3.6) with the first of
 * `passwords` its FILEPASS record's verifier accepts, or null when none does or the file uses
 * XOR obfuscation (Excel 95's method, not read). RC4 (Office 97/2000) and CryptoAPI RC4 (Excel
 * 2002 and later, 40 to 128 bits). The copy is the stream with every record's data decrypted in
 * place, headers as they were, so offsets (BOUNDSHEET's) stay true.
 */
export function decryptedStream(stream: Uint8Array, filePass: BiffRecord, passwords: readonly string[]): Uint8Array | null {
  const r = new FieldReader(stream, filePass);
  if (r.u16() !== 1) return null; // 0: XOR obfuscation
  const major = r.u16();
  const minor = r.u16();
  let keyOf: ((password: string) => BlockKey | null) | undefined;
  if (major === 1 && minor === 1) keyOf = rc4Key(r.bytes(16), r.bytes(16), r.bytes(16));
  else if (major >= 2 && major <= 4 && minor === 2) keyOf = cryptoApiKey(r);
  if (!keyOf) throw new XlsError('encrypted', `an encryption this reader does not know (version ${major}.${minor})`);
  for (const password of passwords) {
    const key = keyOf(password);
    if (key) return decryptRecords(stream, key);
  }
  return null;
}

/** The RC4 key of a 1,024-byte block of the stream (its number from the stream's start). */
type BlockKey = (block: number) => Uint8Array;

const BLOCK = 1024;

/**
 * RC4 (Office 97/2000, MS-OFFCRYPTO 2.3.6.2): MD5 of the password, its first 5 bytes and the salt
 * 16 times, MD5 of that cut to 5 bytes; a block's key is the MD5 of those and the block's number.
 * The password is right when the verifier, decrypted with block 0's key, hashes to its hash.
 */
function rc4Key(salt: Uint8Array, verifier: Uint8Array, verifierHash: Uint8Array) {
  return (password: string): BlockKey | null => {
    const h0 = md5(utf16le(password)).subarray(0, 5);
    const h1 = md5(concat(...new Array<Uint8Array>(16).fill(concat(h0, salt)))).subarray(0, 5);
    const key: BlockKey = (block) => md5(concat(h1, le32(block)));
    const rc4 = new Rc4(key(0));
    const v = rc4.apply(verifier.slice());
    return bytesEqual(md5(v), rc4.apply(verifierHash.slice())) ? key : null;
  };
}

/**
 * CryptoAPI RC4 (MS-OFFCRYPTO 2.3.5.2): SHA-1 of the salt and password; a block's key is the
 * SHA-1 of that and the block's number, cut to the key size (a 40-bit key padded with zeros to
 * 128 bits, as CryptoAPI does). The verifier is checked as RC4's, by SHA-1.
 */
function cryptoApiKey(r: FieldReader) {
  r.u32(); // flags
  const headerSize = r.u32();
  const header = r.at;
  r.skip(16); // the header's flags, size extra, algorithm ids
  const keyBits = r.u32() || 40;
  if (keyBits < 40 || keyBits > 128 || keyBits % 8) throw new XlsError('damaged', `an RC4 key of ${keyBits} bits`);
  r.skip(header + headerSize - r.at);
  const saltSize = r.u32();
  if (saltSize !== 16) throw new XlsError('damaged', `a salt of ${saltSize} bytes`);
  const salt = r.bytes(16);
  const verifier = r.bytes(16);
  const hashSize = r.u32();
  if (hashSize !== 20) throw new XlsError('damaged', `a verifier hash of ${hashSize} bytes`);
  const verifierHash = r.bytes(20);
  return (password: string): BlockKey | null => {
    const h0 = sha1(concat(salt, utf16le(password)));
    const key: BlockKey = (block) => {
      const k = sha1(concat(h0, le32(block))).subarray(0, keyBits / 8);
      return keyBits === 40 ? concat(k, new Uint8Array(11)) : k;
    };
    const rc4 = new Rc4(key(0));
    const v = rc4.apply(verifier.slice());
    return bytesEqual(sha1(v), rc4.apply(verifierHash.slice())) ? key : null;
  };
}

// Records never encrypted (MS-XLS 2.2.10): BOF, FILEPASS, USREXCL, FILELOCK, INTERFACEHDR, RRDINFO, RRDHEAD.
const CLEAR = new Set([0x0809, 0x002f, 0x0194, 0x0195, 0x00e1, 0x0196, 0x0138]);
// BOUNDSHEET's first 4 bytes (the sheet's offset in the stream) are not encrypted either.
const BOUNDSHEET = 0x0085;

/**
 * The stream with every record's data decrypted. The key stream runs over the whole stream from
 * its first byte, a new key every 1,024 bytes, its bytes for record headers and clear data
 * spent unused.
 */
function decryptRecords(stream: Uint8Array, key: BlockKey): Uint8Array {
  const out = stream.slice();
  // Where decryption applies: [from, to) ranges, in order.
  const ranges: number[] = [];
  let at = 0;
  while (at + 4 <= out.length) {
    const type = out[at]! | (out[at + 1]! << 8);
    const end = Math.min(at + 4 + (out[at + 2]! | (out[at + 3]! << 8)), out.length);
    if (!CLEAR.has(type)) ranges.push(type === BOUNDSHEET ? Math.min(at + 8, end) : at + 4, end);
    at = end;
  }
  let rc4: Rc4 | undefined;
  let block = -1;
  let used = 0; // key stream bytes spent in this block
  for (let k = 0; k < ranges.length; k += 2) {
    for (let p = ranges[k]!; p < ranges[k + 1]!; ) {
      const b = Math.floor(p / BLOCK);
      if (b !== block) {
        rc4 = new Rc4(key(b));
        block = b;
        used = 0;
      }
      const offset = p - b * BLOCK;
      rc4!.skip(offset - used);
      const stop = Math.min(ranges[k + 1]!, (b + 1) * BLOCK);
      rc4!.apply(out.subarray(p, stop));
      used = offset + (stop - p);
      p = stop;
    }
  }
  return out;
}

/** RC4's key stream, XORed into data in place. */
class Rc4 {
  private readonly s = new Uint8Array(256);
  private i = 0;
  private j = 0;

  constructor(key: Uint8Array) {
    const s = this.s;
    for (let i = 0; i < 256; i++) s[i] = i;
    for (let i = 0, j = 0; i < 256; i++) {
      j = (j + s[i]! + key[i % key.length]!) & 0xff;
      [s[i], s[j]] = [s[j]!, s[i]!];
    }
  }

  apply(data: Uint8Array): Uint8Array {
    const s = this.s;
    let { i, j } = this;
    for (let k = 0; k < data.length; k++) {
      i = (i + 1) & 0xff;
      j = (j + s[i]!) & 0xff;
      const t = s[i]!;
      s[i] = s[j]!;
      s[j] = t;
      data[k]! ^= s[(s[i]! + t) & 0xff]!;
    }
    this.i = i;
    this.j = j;
    return data;
  }

  skip(n: number): void {
    if (n > 0) this.apply(new Uint8Array(n));
  }
}

/** Little-endian fields of one record's data; reading past its end is damage. */
class FieldReader {
  at: number;

  constructor(private readonly stream: Uint8Array, private readonly record: BiffRecord) {
    this.at = record.start;
  }

  private take(n: number): number {
    if (n < 0 || this.at + n > this.record.end) throw new XlsError('damaged', 'the FILEPASS record is cut short');
    const from = this.at;
    this.at += n;
    return from;
  }

  u16(): number {
    const p = this.take(2);
    return this.stream[p]! | (this.stream[p + 1]! << 8);
  }

  u32(): number {
    const p = this.take(4);
    return (this.stream[p]! | (this.stream[p + 1]! << 8) | (this.stream[p + 2]! << 16) | (this.stream[p + 3]! << 24)) >>> 0;
  }

  bytes(n: number): Uint8Array {
    const p = this.take(n);
    return this.stream.slice(p, p + n);
  }

  skip(n: number): void {
    this.take(n);
  }
}
