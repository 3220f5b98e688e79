import { cbc, ecb } from '@noble/ciphers/aes';
import { sha1 } from '@noble/hashes/legacy';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2';
import { bytesEqual, concat, le32, utf16le } from '../office-crypto.js';
import { CompoundFile, XlsError } from '../xls/compound-file.js';

/**
 * The .xlsx inside an encrypted one (MS-OFFCRYPTO 2.3.4): Excel keeps an encrypted workbook's
 * zip in an OLE2 container, as the EncryptedPackage stream, described by EncryptionInfo. Standard
 * encryption (Excel 2007: AES-ECB, a SHA-1 key of 50,000 rounds) and agile encryption (Excel 2010
 * and later: AES-CBC in 4,096-byte segments, SHA-1 to SHA-512, its spin count, usually 100,000).
 * Gives the zip for the first of `passwords` the file's verifier accepts; null when none does or
 * the file is encrypted some other way (RC4, or a certificate, not read). A damaged container or
 * description throws XlsError('damaged') (the container is an .xls's: xls/compound-file.ts).
 */
export function decryptedPackage(bytes: Uint8Array, passwords: readonly string[]): Uint8Array | null {
  const container = new CompoundFile(bytes);
  const info = container.stream('EncryptionInfo');
  const data = container.stream('EncryptedPackage');
  if (!info || !data) throw new XlsError('damaged', 'an encrypted workbook without its EncryptionInfo or EncryptedPackage');
  if (info.length < 8 || data.length < 8) throw new XlsError('damaged', 'an encrypted workbook cut short');
  const major = u16(info, 0);
  const minor = u16(info, 2);
  const method = major === 4 && minor === 4 ? agile(info) : (major === 2 || major === 3 || major === 4) && minor === 2 ? standard(info) : null;
  if (!method) return null;
  const size = u32(data, 0) + u32(data, 4) * 2 ** 32;
  if (size > data.length - 8) throw new XlsError('damaged', `an encrypted package of ${size} bytes in ${data.length - 8}`);
  for (const password of passwords) {
    const zip = method(password, data.subarray(8), size);
    if (zip) return zip;
  }
  return null;
}

/** A password's decryption of the package (without its size), or null when the password is wrong. */
type Method = (password: string, encrypted: Uint8Array, size: number) => Uint8Array | null;

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** AES decryption without padding, of whole blocks (a partial last block is dropped: damage). */
const wholeBlocks = (b: Uint8Array) => b.subarray(0, b.length - (b.length % 16));

/**
 * Standard encryption (2.3.4.5–2.3.4.7): the header names AES and its key size; the key is
 * SHA-1 of the salt and password, hashed again 50,000 times with a counter, then with block 0,
 * and widened by the two CryptoAPI pads (0x36, 0x5C). The verifier is AES-ECB's.
 */
function standard(info: Uint8Array): Method | null {
  if (info.length < 12) throw new XlsError('damaged', 'an encryption header cut short');
  const flags = u32(info, 4);
  const headerSize = u32(info, 8);
  const header = 12;
  const verifier = header + headerSize;
  if (headerSize < 32 || verifier + 4 + 16 + 16 + 4 + 32 > info.length) throw new XlsError('damaged', 'an encryption header cut short');
  const algId = u32(info, header + 8);
  const keyBits = u32(info, header + 16);
  const aes = (flags & 0x20) !== 0; // fAES
  const aesIds: Record<number, number> = { 0x660e: 128, 0x660f: 192, 0x6610: 256 };
  if (!aes || (algId !== 0 && aesIds[algId] !== keyBits) || ![128, 192, 256].includes(keyBits)) return null; // RC4, or not AES: not read
  if (u32(info, verifier) !== 16) throw new XlsError('damaged', 'a verifier salt not of 16 bytes');
  const salt = info.slice(verifier + 4, verifier + 20);
  const encryptedVerifier = info.slice(verifier + 20, verifier + 36);
  const encryptedHash = info.slice(verifier + 40, verifier + 72);
  return (password, encrypted, size) => {
    let h = sha1(concat(salt, utf16le(password)));
    for (let i = 0; i < 50_000; i++) h = sha1.create().update(le32(i)).update(h).digest();
    const final = sha1(concat(h, le32(0)));
    const pad = (byte: number) => sha1(new Uint8Array(64).map((_, i) => byte ^ (final[i] ?? 0)));
    const key = concat(pad(0x36), pad(0x5c)).slice(0, keyBits / 8);
    const verifierPlain = ecb(key, { disablePadding: true }).decrypt(encryptedVerifier);
    const hash = ecb(key, { disablePadding: true }).decrypt(encryptedHash).subarray(0, 20);
    if (!bytesEqual(sha1(verifierPlain), hash)) return null;
    return ecb(key, { disablePadding: true }).decrypt(wholeBlocks(encrypted)).slice(0, size);
  };
}

const HASHES = { SHA1: sha1, SHA256: sha256, SHA384: sha384, SHA512: sha512 } as const;

// The block keys of the password key encryptor (2.3.4.13): the verifier's input, its hash, the key.
const VERIFIER_INPUT = new Uint8Array([0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79]);
const VERIFIER_HASH = new Uint8Array([0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e]);
const ENCRYPTED_KEY = new Uint8Array([0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6]);
const SEGMENT = 4096;

/** A hash cut or padded with 0x36 to `length` bytes (2.3.4.11–12). */
function fit(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length >= length) return bytes.slice(0, length);
  const out = new Uint8Array(length).fill(0x36);
  out.set(bytes);
  return out;
}

/** One element's attributes (by local name; the first such element). */
function attributes(xml: string, element: string): Record<string, string> | null {
  const m = new RegExp(`<(?:[\\w.-]+:)?${element}\\b([^>]*)>`).exec(xml);
  if (!m) return null;
  return Object.fromEntries([...m[1]!.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)].map((a) => [a[1]!.replace(/^[\w.-]+:/, ''), a[2]!]));
}

function base64(text: string | undefined): Uint8Array {
  if (!text) throw new XlsError('damaged', 'an encryption description without a value it needs');
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new XlsError('damaged', 'an encryption description with a value that is not base64');
  }
}

/**
 * Agile encryption (2.3.4.10–2.3.4.15): an XML description. The password's key encryptor holds
 * a salt, a spin count, and three values encrypted with keys from the spun password hash: the
 * verifier's input, its hash, and the key the package is encrypted with, in 4,096-byte segments
 * each with its own IV (the hash of the package's salt and the segment's number).
 */
function agile(info: Uint8Array): Method | null {
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(info.subarray(8));
  } catch {
    throw new XlsError('damaged', 'an encryption description that is not UTF-8');
  }
  const data = attributes(xml, 'keyData');
  const key = attributes(xml, 'encryptedKey');
  if (!data || !key) return null; // a certificate's key encryptor alone: not read
  const readable = (a: Record<string, string>) => a.cipherAlgorithm === 'AES' && a.cipherChaining === 'ChainingModeCBC' && a.hashAlgorithm! in HASHES;
  if (!readable(data) || !readable(key)) return null;
  const hash = HASHES[key.hashAlgorithm as keyof typeof HASHES];
  const dataHash = HASHES[data.hashAlgorithm as keyof typeof HASHES];
  const spins = Number(key.spinCount);
  const keyBytes = Number(key.keyBits) / 8;
  const dataKeyBytes = Number(data.keyBits) / 8;
  const blockSize = Number(data.blockSize);
  // Excel writes 100,000 spins (the format allows 10,000,000); a file asking for millions would hold
  // the reader (and a Worker's CPU) for seconds to minutes: refused past 1,000,000.
  if (!Number.isInteger(spins) || spins < 0 || spins > 1_000_000 || ![16, 24, 32].includes(keyBytes) || ![16, 24, 32].includes(dataKeyBytes) || blockSize !== 16) {
    throw new XlsError('damaged', 'an encryption description with values out of range');
  }
  const keySalt = base64(key.saltValue);
  const dataSalt = base64(data.saltValue);
  const verifierInput = base64(key.encryptedVerifierHashInput);
  const verifierHash = base64(key.encryptedVerifierHashValue);
  const encryptedKey = base64(key.encryptedKeyValue);
  const iv = fit(keySalt, blockSize);
  return (password, encrypted, size) => {
    let h = hash(concat(keySalt, utf16le(password)));
    for (let i = 0; i < spins; i++) h = hash.create().update(le32(i)).update(h).digest();
    const keyFor = (block: Uint8Array) => fit(hash(concat(h, block)), keyBytes);
    const decrypt = (block: Uint8Array, value: Uint8Array) => cbc(keyFor(block), iv, { disablePadding: true }).decrypt(wholeBlocks(value));
    const input = decrypt(VERIFIER_INPUT, verifierInput).subarray(0, Number(key.saltSize) || 16);
    const expected = decrypt(VERIFIER_HASH, verifierHash).subarray(0, hash.outputLen);
    if (!bytesEqual(hash(input), expected)) return null;
    const secret = decrypt(ENCRYPTED_KEY, encryptedKey).slice(0, dataKeyBytes);
    const out = new Uint8Array(Math.ceil(size / SEGMENT) * SEGMENT);
    for (let segment = 0, at = 0; at < size; segment++, at += SEGMENT) {
      const piece = wholeBlocks(encrypted.subarray(at, at + SEGMENT));
      if (!piece.length) throw new XlsError('damaged', 'an encrypted package cut short');
      const segmentIv = fit(dataHash(concat(dataSalt, le32(segment))), blockSize);
      out.set(cbc(secret, segmentIv, { disablePadding: true }).decrypt(piece), at);
    }
    return out.slice(0, size);
  };
}
