/**
 * What kind of file the bytes hold, decided from the content and never from the extension:
 * users rename files (.csv → .xlsx) and Excel keeps encrypted .xlsx files in the same
 * OLE2 compound container as old .xls files.
 */
export type FileKind = 'zip' | 'encrypted-ooxml' | 'legacy-xls' | 'empty' | 'other';

const ZIP_MAGIC = [0x50, 0x4b]; // "PK", then 03 04 (entries) or 05 06 (an empty archive)
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
// An encrypted OOXML package is an OLE2 file with these streams (MS-OFFCRYPTO), named in UTF-16LE.
const ENCRYPTED_STREAM = Buffer.from('EncryptedPackage', 'utf16le');
const ENCRYPTION_INFO_STREAM = Buffer.from('EncryptionInfo', 'utf16le');

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * @example sniffFileKind(readFileSync('a.xlsx')) === 'zip'
 */
export function sniffFileKind(bytes: Buffer): FileKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, ZIP_MAGIC) && (bytes[2] === 0x03 || bytes[2] === 0x05)) return 'zip';
  if (startsWith(bytes, OLE2_MAGIC)) {
    const encrypted = bytes.includes(ENCRYPTED_STREAM) || bytes.includes(ENCRYPTION_INFO_STREAM);
    return encrypted ? 'encrypted-ooxml' : 'legacy-xls';
  }
  return 'other';
}
