import { md5, sha1 } from '@noble/hashes/legacy';
import type { BiffRecord } from './biff-records.js';
import { XlsError } from './compound-file.js';
import { bytesEqual, concat, le32, utf16le } from '../office-crypto.js';
import { ByteFields } from '../byte-fields.js';

/**
 * The workbook stream decrypted (MS-XLS 2.2.10, MS-OFFCRYPTO 2.3.5–2.3.7) with the first of
 * `passwords` its FILEPASS record's verifier accepts, or null when none does. RC4 (Office
 * 97/2000), CryptoAPI RC4 (Excel 2002 and later, 40 to 128 bits) and XOR obfuscation (Excel 95's
 * method, Excel 2002's "weak encryption"; its passwords are of at most 15 one-byte characters).
 * The copy is the stream with every record's data decrypted in place, headers as they were, so
 * offsets (BOUNDSHEET's) stay true.
 */
export function decryptedStream(stream: Uint8Array, filePass: BiffRecord, passwords: readonly string[]): Uint8Array | null {
  const r = new ByteFields(stream, filePass.start, filePass.end, () => new XlsError('damaged', 'the FILEPASS record is cut short'));
  // Excel 95's FILEPASS holds the XOR key and verifier alone; BIFF8's names the method first (0: XOR).
  const method = filePass.end - filePass.start === 4 ? 0 : r.u16();
  let decrypterOf: ((password: string) => Decrypter | null) | undefined;
  if (method === 0) {
    r.u16(); // the XOR key: derived from the password again, as the verifier is checked
    decrypterOf = xorDecrypter(r.u16());
  } else if (method === 1) {
    const major = r.u16();
    const minor = r.u16();
    let keyOf: ((password: string) => BlockKey | null) | undefined;
    if (major === 1 && minor === 1) keyOf = rc4Key(r.bytes(16), r.bytes(16), r.bytes(16));
    else if (major >= 2 && major <= 4 && minor === 2) keyOf = cryptoApiKey(r);
    if (!keyOf) throw new XlsError('encrypted', `an encryption this reader does not know (version ${major}.${minor})`);
    decrypterOf = (password) => {
      const key = keyOf(password);
      return key ? rc4Decrypter(key) : null;
    };
  } else {
    throw new XlsError('encrypted', `an encryption this reader does not know (type ${method})`);
  }
  for (const password of passwords) {
    const decrypter = decrypterOf(password);
    if (decrypter) return decryptRecords(stream, decrypter);
  }
  return null;
}

/** Decrypts a record's encrypted run [from, to) of the stream in place; `size` is the record's data length. */
type Decrypter = (out: Uint8Array, from: number, to: number, size: number) => void;

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
function cryptoApiKey(r: ByteFields) {
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

/** The stream with every record's data decrypted, but for the records and bytes never encrypted. */
function decryptRecords(stream: Uint8Array, decrypt: Decrypter): Uint8Array {
  const out = stream.slice();
  let at = 0;
  while (at + 4 <= out.length) {
    const type = out[at]! | (out[at + 1]! << 8);
    const size = out[at + 2]! | (out[at + 3]! << 8);
    const end = Math.min(at + 4 + size, out.length);
    if (!CLEAR.has(type)) decrypt(out, type === BOUNDSHEET ? Math.min(at + 8, end) : at + 4, end, size);
    at = end;
  }
  return out;
}

/**
 * RC4's decryption: its key stream runs over the whole stream from its first byte, a new key
 * every 1,024 bytes, its bytes for record headers and clear data spent unused.
 */
function rc4Decrypter(key: BlockKey): Decrypter {
  let rc4: Rc4 | undefined;
  let block = -1;
  let used = 0; // key stream bytes spent in this block
  return (out, from, to) => {
    for (let p = from; p < to; ) {
      const b = Math.floor(p / BLOCK);
      if (b !== block) {
        rc4 = new Rc4(key(b));
        block = b;
        used = 0;
      }
      const offset = p - b * BLOCK;
      rc4!.skip(offset - used);
      const stop = Math.min(to, (b + 1) * BLOCK);
      rc4!.apply(out.subarray(p, stop));
      used = offset + (stop - p);
      p = stop;
    }
  };
}

// XOR obfuscation, method 1 (MS-OFFCRYPTO 2.3.7.1–2.3.7.3): the key's starting value by the
// password's length, the matrix its characters' bits select, and the pad for short passwords.
const XOR_INITIAL = [0xe1f0, 0x1d0f, 0xcc9c, 0x84c0, 0x110c, 0x0e10, 0xf1ce, 0x313e, 0x1872, 0xe139, 0xd40f, 0x84f9, 0x280c, 0xa96a, 0x4ec3];
const XOR_MATRIX = [
  0xaefc, 0x4dd9, 0x9bb2, 0x2745, 0x4e8a, 0x9d14, 0x2a09, 0x7b61, 0xf6c2, 0xfda5, 0xeb6b, 0xc6f7, 0x9dcf, 0x2bbf, 0x4563,
  0x8ac6, 0x05ad, 0x0b5a, 0x16b4, 0x2d68, 0x5ad0, 0x0375, 0x06ea, 0x0dd4, 0x1ba8, 0x3750, 0x6ea0, 0xdd40, 0xd849, 0xa0b3,
  0x5147, 0xa28e, 0x553d, 0xaa7a, 0x44d5, 0x6f45, 0xde8a, 0xad35, 0x4a4b, 0x9496, 0x390d, 0x721a, 0xeb23, 0xc667, 0x9cef,
  0x29ff, 0x53fe, 0xa7fc, 0x5fd9, 0x47d3, 0x8fa6, 0x0f6d, 0x1eda, 0x3db4, 0x7b68, 0xf6d0, 0xb861, 0x60e3, 0xc1c6, 0x93ad,
  0x377b, 0x6ef6, 0xddec, 0x45a0, 0x8b40, 0x06a1, 0x0d42, 0x1a84, 0x3508, 0x6a10, 0xaa51, 0x4483, 0x8906, 0x022d, 0x045a,
  0x08b4, 0x1168, 0x76b4, 0xed68, 0xcaf1, 0x85c3, 0x1ba7, 0x374e, 0x6e9c, 0x3730, 0x6e60, 0xdcc0, 0xa9a1, 0x4363, 0x86c6,
  0x1dad, 0x3331, 0x6662, 0xccc4, 0x89a9, 0x0373, 0x06e6, 0x0dcc, 0x1021, 0x2042, 0x4084, 0x8108, 0x1231, 0x2462, 0x48c4,
];
const XOR_PAD = [0xbb, 0xff, 0xff, 0xba, 0xff, 0xff, 0xb9, 0x80, 0x00, 0xbe, 0x0f, 0x00, 0xbf, 0x0f, 0x00];

const rotateRight = (byte: number, n: number) => ((byte >> n) | (byte << (8 - n))) & 0xff;

/**
 * XOR obfuscation's decryption for a password its verifier accepts: each encrypted byte XORed
 * with the password's 16-byte array, from the index the byte's stream position plus its
 * record's length gives, then rotated right 5 bits.
 */
function xorDecrypter(verifier: number) {
  return (password: string): Decrypter | null => {
    // One byte a character (the spec's passwords are ANSI): the low byte, else the high one.
    const bytes = [...password].map((c) => (c.charCodeAt(0) & 0xff) || c.charCodeAt(0) >> 8);
    if (bytes.length < 1 || bytes.length > 15 || xorVerifier(bytes) !== verifier) return null;
    const array = xorArray(bytes);
    return (out, from, to, size) => {
      for (let p = from, k = (from + size) % 16; p < to; p++, k = (k + 1) % 16) out[p] = rotateRight(out[p]! ^ array[k]!, 5);
    };
  };
}

/** The password's 16-bit verifier (2.3.7.1): its length and characters folded in from the last. */
function xorVerifier(bytes: readonly number[]): number {
  let v = 0;
  for (const b of [bytes.length, ...bytes].reverse()) v = ((v & 0x4000 ? 1 : 0) | ((v << 1) & 0x7fff)) ^ b;
  return v ^ 0xce4b;
}

/** The 16-byte array (2.3.7.2): the password's characters, then the pad, each XORed with a byte of the key and rotated right 1 bit. */
function xorArray(bytes: readonly number[]): number[] {
  let key = XOR_INITIAL[bytes.length - 1]!;
  let element = XOR_MATRIX.length - 1;
  for (let i = bytes.length - 1; i >= 0; i--) {
    let c = bytes[i]!;
    for (let bit = 0; bit < 7; bit++, element--, c = (c << 1) & 0xff) if (c & 0x40) key ^= XOR_MATRIX[element]!;
  }
  const high = key >> 8;
  const low = key & 0xff;
  const mix = (b: number, k: number) => rotateRight(b ^ k, 1);
  const out = new Array<number>(16).fill(0);
  let index = bytes.length;
  if (index % 2 === 1) {
    out[index] = mix(XOR_PAD[0]!, high);
    index--;
    out[index] = mix(bytes[bytes.length - 1]!, low);
  }
  while (index > 0) {
    index--;
    out[index] = mix(bytes[index]!, high);
    index--;
    out[index] = mix(bytes[index]!, low);
  }
  for (let at = 15, pad = 15 - bytes.length; pad > 0; ) {
    out[at--] = mix(XOR_PAD[pad--]!, high);
    out[at--] = mix(XOR_PAD[pad--]!, low);
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
