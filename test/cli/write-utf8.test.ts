import { describe, expect, it } from 'vitest';
import { writeUtf8 } from '../../cli/write-utf8.js';

function written(text: string): Buffer {
  const chunks: Buffer[] = [];
  writeUtf8({ write: (c) => chunks.push(Buffer.from(c as Uint8Array | string)) }, text);
  return Buffer.concat(chunks);
}

describe('writing the report as UTF-8', () => {
  it('writes short and long text byte for byte as Buffer.from would, a surrogate pair across a slice included', () => {
    for (const text of ['整改台账 ✓\n', `${'问题'.repeat(40_000)}\n`, `${'a'.repeat(4 * 1024 * 1024 - 1)}😀整改${'b'.repeat(1000)}`]) {
      expect(written(text).equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
  });
});
