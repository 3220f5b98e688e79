import { inflateRaw } from 'node:zlib';
import { ZipError, type Inflate } from '../shared/xlsx/zip.js';

/**
 * The .xlsx reader's inflate in Node: zlib on its thread pool, so a worksheet inflates while the
 * reader parses the part before it. One output chunk of the expected size (zlib's default 16 KB
 * means hundreds of rounds and a concat); `maxOutputLength` stops a part at the reader's limit.
 */
export const zlibInflate: Inflate = (data, maxBytes) =>
  new Promise((resolve, reject) => {
    inflateRaw(data, { maxOutputLength: maxBytes, chunkSize: Math.min(Math.max(maxBytes, 1024), 16 * 1024 * 1024) }, (error, out) => {
      if (!error) resolve(out);
      else if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') reject(new ZipError('too-large', `inflates past ${maxBytes - 1} bytes`));
      else reject(error);
    });
  });
