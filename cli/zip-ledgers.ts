import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ByteBudget, readEntry, ZipError } from '../shared/xlsx/zip.js';
import { readZipDirectory, ZipDirectoryError, type ZipDirectoryEntry } from '../shared/zip-directory.js';
import { isOtherArchive } from '../shared/xlsx/sniff.js';
import { LedgerFileError, UsageError } from './errors.js';
import { zlibInflate } from './zlib-inflate.js';

/**
 * A workbook to check: its file, the name the report and messages give it, and (for one inside a
 * zip) how to read its bytes, which may throw LedgerFileError as reading a file does.
 */
export interface LedgerSource {
  path: string;
  name: string;
  read?: () => Promise<Uint8Array>;
}

/** What a zip's workbooks may inflate to, together: room for hundreds of ledgers, and a bound on memory. */
export const ZIP_LEDGERS_BUDGET = 1024 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/**
 * A member's name as the person who zipped it wrote it: UTF-8 when the zip says so (bit 11) or
 * the bytes are UTF-8 (macOS and 7-Zip write it without saying); else the code page of the
 * Windows that made it, which for a county's PCs is GBK (read as GB18030, its superset).
 */
export function memberName(entry: ZipDirectoryEntry): string {
  if (entry.flags & 0x800) return entry.name;
  try {
    return utf8.decode(entry.rawName);
  } catch {
    return gb18030.decode(entry.rawName);
  }
}

/**
 * The ledgers in a zip (压缩包) named on the command line: its .xlsx, .xls, .et and .ods files in any
 * folder of it, named `<zip>/<folder>/<file>` in the report, read one at a time (within
 * ZIP_LEDGERS_BUDGET, charged as each is read). As in a folder, Excel's lock files are not
 * ledgers, and an .xls beside an .xlsx of the same name is skipped (`keep` applies that rule);
 * other files (documents, pictures, zips in the zip) are passed over. A zip whose directory
 * cannot be read becomes one source that fails as damaged, a member encrypted in the zip one
 * that fails as such, so every unreadable file is named at once.
 */
export function ledgersInZip(zip: string, keep: (names: string[], folder: string) => string[]): LedgerSource[] {
  let bytes: Uint8Array;
  let entries: ZipDirectoryEntry[];
  try {
    bytes = readFileSync(zip);
    entries = readZipDirectory(bytes);
  } catch (error) {
    const problem = error instanceof ZipDirectoryError ? (isOtherArchive(bytes!) ? 'archive' : error.problem === 'zip64' ? 'too-large' : 'corrupt') : null;
    if (!problem) return [{ path: zip, name: zip }]; // missing or unreadable: readXlsx says which
    return [{ path: zip, name: zip, read: () => Promise.reject(new LedgerFileError(zip, problem, { cause: error })) }];
  }
  const byName = new Map<string, ZipDirectoryEntry>();
  for (const entry of entries) {
    const name = memberName(entry).replace(/\\/g, '/').replace(/^\/+/, '');
    if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue; // folders; macOS's resource forks
    byName.set(name, entry);
  }
  // Each folder of the zip on its own, as folders on disk are.
  const folders = new Map<string, string[]>();
  for (const name of byName.keys()) {
    const folder = posix.dirname(name); // a zip's names use '/' whatever the system
    folders.set(folder, [...(folders.get(folder) ?? []), name.slice(folder === '.' ? 0 : folder.length + 1)]);
  }
  const budget = new ByteBudget(ZIP_LEDGERS_BUDGET);
  const sources: LedgerSource[] = [];
  for (const [folder, names] of [...folders].sort(([a], [b]) => a.localeCompare(b, 'zh-CN'))) {
    for (const file of keep(names, join(zip, folder === '.' ? '' : folder))) {
      const member = folder === '.' ? file : `${folder}/${file}`;
      const entry = byName.get(member)!;
      const name = join(zip, member);
      sources.push({
        path: zip,
        name,
        read: async () => {
          if (entry.flags & 1) throw new LedgerFileError(name, 'zip-encrypted');
          // Stored or deflated, as Windows, macOS and most tools write; 7-Zip's LZMA or BZip2, Deflate64: not read.
          if (entry.method !== 0 && entry.method !== 8) throw new LedgerFileError(name, 'zip-method', { detail: `method ${entry.method}` });
          if (entry.dataOffset + entry.compressedSize > bytes.length) throw new LedgerFileError(name, 'corrupt', { detail: 'runs past the end of the zip' });
          try {
            return await readEntry(bytes, entry, budget, zlibInflate);
          } catch (error) {
            if (!(error instanceof ZipError)) throw error;
            throw new LedgerFileError(name, error.kind === 'too-large' ? 'too-large' : 'corrupt', { cause: error, detail: error.message });
          }
        },
      });
    }
  }
  if (!sources.length) throw new UsageError(`压缩包 ${zip} 中没有 .xlsx、.xls 或 .ods 文件`, `no .xlsx, .xls or .ods files in the zip ${zip}`);
  return sources;
}
