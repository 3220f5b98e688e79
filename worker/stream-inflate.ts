import { ZipError, type Inflate } from '../shared/xlsx/zip.js';
import { readAtMost } from './byte-chunks.js';

/**
 * The .xlsx reader's inflate in the Worker: the runtime's native DecompressionStream, read chunk
 * by chunk and refused the moment it passes `maxBytes`. workerd's stream takes the whole part at
 * once and inflates it without waiting for reads, so this is safe only after guardZip
 * (worker/zip-guard.ts) has inflated every part within the budget: xlsxToWorkbook calls it first.
 * The chunks are joined once at the end.
 */
export const streamInflate: Inflate = async (data, maxBytes) => {
  const stream = new DecompressionStream('deflate-raw');
  // Written whole and read as it inflates; damaged data rejects the read below (and this write).
  const writer = stream.writable.getWriter();
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  return readAtMost(stream.readable, maxBytes, () => new ZipError('too-large', `inflates past ${maxBytes - 1} bytes`));
};
