import { XlsError } from './compound-file.js';

/**
 * The record layer of a BIFF8 workbook stream (MS-XLS 2.1.4): records of a 2-byte type, a
 * 2-byte length and at most 8,224 bytes of data, a record too long for that carried on in
 * CONTINUE records. Strings (XLUnicodeString, 2.5.294) are UTF-16LE or "compressed" (one byte a
 * character, its high byte zero), and a string split across a CONTINUE starts the new record
 * with a fresh flags byte saying which.
 */

export const CONTINUE = 0x003c;

const damaged = (what: string) => new XlsError('damaged', `the workbook stream is damaged (${what})`);

/** One record: its type and where its data lies in the stream. */
export interface BiffRecord {
  type: number;
  start: number;
  end: number;
}

/**
 * The records from `offset` on, in order; stops at the stream's end. A record whose length runs
 * past the end is damage.
 */
export function* records(stream: Uint8Array, offset: number): Generator<BiffRecord> {
  let at = offset;
  while (at + 4 <= stream.length) {
    const type = stream[at]! | (stream[at + 1]! << 8);
    const length = stream[at + 2]! | (stream[at + 3]! << 8);
    const start = at + 4;
    if (start + length > stream.length) throw damaged(`record 0x${type.toString(16)} at ${at} runs past the end`);
    yield { type, start, end: start + length };
    at = start + length;
  }
}

/**
 * A record's data and its CONTINUE records', read as one run of bytes except for strings, whose
 * characters follow the rule above. `parts` are [start, end) ranges of the stream.
 */
export class RecordReader {
  private k = 0;
  private at: number;

  constructor(
    private readonly stream: Uint8Array,
    private readonly parts: readonly (readonly [number, number])[],
  ) {
    this.at = parts[0]![0];
  }

  /** A record and the CONTINUE records right after it in the stream (read from their headers, not kept). */
  static continued(stream: Uint8Array, record: BiffRecord): RecordReader {
    const parts: [number, number][] = [[record.start, record.end]];
    for (let at = record.end; at + 4 <= stream.length && (stream[at]! | (stream[at + 1]! << 8)) === CONTINUE; ) {
      const end = Math.min(at + 4 + (stream[at + 2]! | (stream[at + 3]! << 8)), stream.length);
      parts.push([at + 4, end]);
      at = end;
    }
    return new RecordReader(stream, parts);
  }

  /** Whether every byte of the record and its continuations has been read. */
  atEnd(): boolean {
    while (this.left() === 0 && this.k + 1 < this.parts.length) this.nextPart();
    return this.left() === 0;
  }

  private left(): number {
    return this.parts[this.k]![1] - this.at;
  }

  private nextPart(): void {
    this.k++;
    if (this.k >= this.parts.length) throw damaged('a record ends inside its data');
    this.at = this.parts[this.k]![0];
  }

  u8(): number {
    while (this.left() === 0) this.nextPart();
    return this.stream[this.at++]!;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  skip(n: number): void {
    while (n > 0) {
      while (this.left() === 0) this.nextPart();
      const m = Math.min(n, this.left());
      this.at += m;
      n -= m;
    }
  }

  /**
   * A BIFF5 string: a 2-byte count (1-byte when `shortCount`), then that many bytes in the
   * workbook's code page, decoded by `decode`.
   */
  byteString(decode: (bytes: Uint8Array) => string, shortCount = false): string {
    const count = shortCount ? this.u8() : this.u16();
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = this.u8();
    return decode(out);
  }

  /** An XLUnicodeString: a 2-byte count (1-byte when `shortCount`), flags, optional runs and extension, characters. */
  string(shortCount = false): string {
    const count = shortCount ? this.u8() : this.u16();
    const flags = this.u8();
    const runs = flags & 0x08 ? this.u16() : 0;
    const ext = flags & 0x04 ? this.u32() : 0;
    const text = this.characters(count, (flags & 0x01) !== 0);
    this.skip(4 * runs + ext);
    return text;
  }

  /** `count` characters; at a CONTINUE inside them, its first byte says whether the rest are one byte or two. */
  private characters(count: number, wide: boolean): string {
    const s = this.stream;
    let out = '';
    const codes: number[] = [];
    let done = 0;
    while (done < count) {
      if (this.left() === 0) {
        this.nextPart();
        wide = (this.stream[this.at++]! & 0x01) !== 0;
      }
      const here = Math.min(count - done, wide ? this.left() >> 1 : this.left());
      if (here === 0) throw damaged('a character split across records');
      codes.length = 0;
      if (wide) for (let i = 0, p = this.at; i < here; i++, p += 2) codes.push(s[p]! | (s[p + 1]! << 8));
      else for (let i = 0, p = this.at; i < here; i++, p++) codes.push(s[p]!);
      this.at += wide ? 2 * here : here;
      for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
      done += here;
    }
    return out;
  }
}
