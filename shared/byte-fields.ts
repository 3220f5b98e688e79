/**
 * Little-endian fields of a run of bytes (one record's data), read in turn: the binary readers'
 * one way to take numbers from records (shared/xls/decrypt.ts's FILEPASS, shared/xlsb/'s BIFF12
 * records). Reading past the run's end throws what `cutShort` makes: each format names its own
 * damage.
 */
export class ByteFields {
  constructor(
    protected readonly data: Uint8Array,
    public at: number,
    private readonly end: number,
    private readonly cutShort: () => Error,
  ) {}

  /** Where the next `n` bytes start; they are then read. */
  protected take(n: number): number {
    if (n < 0 || this.at + n > this.end) throw this.cutShort();
    const from = this.at;
    this.at += n;
    return from;
  }

  u8(): number {
    return this.data[this.take(1)]!;
  }

  u16(): number {
    const p = this.take(2);
    return this.data[p]! | (this.data[p + 1]! << 8);
  }

  u32(): number {
    const p = this.take(4);
    return (this.data[p]! | (this.data[p + 1]! << 8) | (this.data[p + 2]! << 16) | (this.data[p + 3]! << 24)) >>> 0;
  }

  f64(): number {
    return f64(this.data, this.take(8));
  }

  /** The next `n` bytes, copied. */
  bytes(n: number): Uint8Array {
    const p = this.take(n);
    return this.data.slice(p, p + n);
  }

  skip(n: number): void {
    this.take(n);
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/** An IEEE double, little-endian, at `at`. */
export function f64(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) scratch.setUint8(i, bytes[at + i]!);
  return scratch.getFloat64(0, true);
}
