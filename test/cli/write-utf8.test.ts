import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fdWriter, stdoutWriter, writePieces, writeUtf8 } from '../../cli/write-utf8.js';
import { buildCli, FIXTURES, ROOT } from './helpers.js';

function written(text: string): Buffer {
  const chunks: Buffer[] = [];
  writeUtf8({ write: (c) => chunks.push(Buffer.from(c as Uint8Array | string)) }, text);
  return Buffer.concat(chunks);
}

describe('standard output on a Windows console', () => {
  // Bytes written to the descriptor reach a Windows console in its code page (936 on Chinese
  // Windows): UTF-8 Chinese comes out garbled (nodejs/node#24550). The TTY stream writes UTF-16.
  const stream = (isTTY: boolean) => {
    const got: string[] = [];
    return { got, isTTY, write: (c: Uint8Array | string) => got.push(Buffer.from(c as Uint8Array).toString('utf8')) };
  };

  it('goes through the TTY stream on a Windows console, the summary and the JSON pieces alike', async () => {
    const tty = stream(true);
    const out = stdoutWriter('win32', () => tty, 987_654); // a descriptor that does not exist: never written
    writeUtf8(out.stdout, '共6项事项：错误3条\n');
    await out.pieces(['{"a":', '"整改"}', '\n']);
    expect(tty.got.join('')).toBe('共6项事项：错误3条\n{"a":"整改"}\n');
  });

  it('writes the descriptor itself to a Windows pipe or file, and on every other platform without building the stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stdout-'));
    try {
      for (const [platform, isTTY] of [['win32', false], ['linux', true], ['darwin', true]] as const) {
        let built = 0;
        const s = stream(isTTY);
        const path = join(dir, platform);
        const fd = openSync(path, 'w');
        const out = stdoutWriter(platform, () => (built++, s), fd);
        writeUtf8(out.stdout, '共6项事项\n');
        await out.pieces(['{"a":"整改"}\n']);
        closeSync(fd);
        expect(readFileSync(path, 'utf8'), platform).toBe('共6项事项\n{"a":"整改"}\n');
        expect(s.got, platform).toEqual([]);
        // Only Windows asks whether it is a console (building the stream costs ~15 ms of a start).
        expect(built, platform).toBe(platform === 'win32' ? 1 : 0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writing the report as UTF-8', () => {
  it('writes short and long text byte for byte as Buffer.from would, a surrogate pair across a slice included', () => {
    for (const text of ['整改台账 ✓\n', `${'问题'.repeat(40_000)}\n`, `${'a'.repeat(4 * 1024 * 1024 - 1)}😀整改${'b'.repeat(1000)}`]) {
      expect(written(text).equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
  });
});

/** A descriptor that takes at most `max` bytes a call, then fails with `error` after `okCalls` calls. */
function fakeFd(max: number, okCalls = Infinity, error?: string) {
  const taken: Buffer[] = [];
  let calls = 0;
  const writeSync = (_fd: number, bytes: Uint8Array) => {
    if (calls++ >= okCalls) throw Object.assign(new Error(error), { code: error });
    const n = Math.min(max, bytes.length);
    taken.push(Buffer.from(bytes.subarray(0, n)));
    return n;
  };
  return { taken, writeSync };
}

describe('writing straight to stdout (fdWriter)', () => {
  const text = `${'整改'.repeat(50_000)}✓\n`;
  const streamed: Buffer[] = [];
  const stream = () => ({ write: (c: Uint8Array | string) => streamed.push(Buffer.from(c as Uint8Array)) });

  it('writes every byte, in order, however few the descriptor takes at a time', () => {
    const fd = fakeFd(1000);
    writeUtf8(fdWriter(1, stream, fd.writeSync), text);
    expect(Buffer.concat(fd.taken).equals(Buffer.from(text))).toBe(true);
  });

  it('hands the rest to the stream when the descriptor would block (EAGAIN), and keeps to it', () => {
    streamed.length = 0;
    const fd = fakeFd(1000, 3, 'EAGAIN');
    const out = fdWriter(1, stream, fd.writeSync);
    writeUtf8(out, text);
    out.write('after');
    expect(Buffer.concat([...fd.taken, ...streamed]).toString()).toBe(`${text}after`);
    expect(fd.taken).toHaveLength(3);
  });

  it('hands the stream chunks it may hold while writeUtf8 goes on encoding', () => {
    const held: Uint8Array[] = [];
    const holding = () => ({ write: (c: Uint8Array | string) => held.push(typeof c === 'string' ? Buffer.from(c) : c) });
    const long = `${'问题描述'.repeat(200_000)}😀${'x'.repeat(300_000)}\n`; // several slices, a surrogate pair among them
    const fd = fakeFd(64 * 1024, 2, 'EAGAIN');
    const out = fdWriter(1, holding, fd.writeSync);
    writeUtf8(out, long);
    expect(held.length).toBeGreaterThan(0);
    expect(Buffer.concat([...fd.taken, ...held]).equals(Buffer.from(long))).toBe(true);
  });

  it('stops quietly when the reader has gone (EPIPE), and throws any other error', () => {
    const gone = fakeFd(10, 1, 'EPIPE');
    const out = fdWriter(1, stream, gone.writeSync);
    expect(() => out.write(text)).not.toThrow();
    expect(out.write('more')).toBe(false);
    expect(Buffer.concat(gone.taken).length).toBe(10);
    expect(() => fdWriter(1, stream, fakeFd(10, 0, 'EIO').writeSync).write('x')).toThrow('EIO');
  });
});

describe('the built CLI piped into a reader that stops early', () => {
  beforeAll(buildCli, 120_000);

  it('ends with the exit code of the check, without an error', () => {
    const cli = `"${process.execPath}" "${join(ROOT, 'bin/ledger-check.js')}" "${join(FIXTURES, 'county-aggregate-5000.xlsx')}" --json --as-of 2023-05-29`; // 6.8 MB: more than a pipe holds
    const r = spawnSync('bash', ['-c', `${cli} | head -c 5 >/dev/null; echo "exit \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('exit 1');
    expect(r.stderr).toBe('');
  });
});

describe('writing pieces while the next is made (writePieces)', () => {
  const pieces = ['{\n  "问题": [', `${'"整改台账😀",'.repeat(30_000)}`, '"x"\n  ]', '\n}\n'];
  const whole = pieces.join('');

  /** An fs.write that answers later (as the thread pool does), taking at most `max` bytes a call, then failing with `error`. */
  function fakeAsync(max: number, okCalls = Infinity, error?: string) {
    const taken: Buffer[] = [];
    const events: string[] = [];
    let calls = 0;
    const write = (_fd: number, bytes: Uint8Array, done: (e: NodeJS.ErrnoException | null, n: number) => void) => {
      const call = calls++;
      setImmediate(() => {
        if (call >= okCalls) return done(Object.assign(new Error(error), { code: error }), 0);
        const n = Math.min(max, bytes.length);
        taken.push(Buffer.from(bytes.subarray(0, n)));
        events.push('written');
        done(null, n);
      });
    };
    return { taken, events, write };
  }
  function* made(events: string[]) {
    for (const [i, p] of pieces.entries()) {
      events.push(`make ${i}`);
      yield p;
    }
  }

  it('writes every piece in order, however few bytes a call takes, making the next piece while one is written', async () => {
    const fd = fakeAsync(7000);
    await writePieces(1, () => { throw new Error('no stream needed'); }, made(fd.events), fd.write);
    expect(Buffer.concat(fd.taken).equals(Buffer.from(whole))).toBe(true);
    // Piece 2 is made before piece 1's bytes are all written.
    expect(fd.events.indexOf('make 2')).toBeLessThan(fd.events.lastIndexOf('written'));
    expect(fd.events.slice(0, 2)).toEqual(['make 0', 'make 1']);
  });

  it('hands the rest to fdWriter (and so the stream) when the descriptor would block (EAGAIN)', async () => {
    const fd = fakeAsync(5000, 4, 'EAGAIN');
    const streamed: Buffer[] = [];
    const sync = fakeFd(3000, 2, 'EAGAIN');
    await writePieces(1, () => ({ write: (c: Uint8Array | string) => streamed.push(Buffer.from(c as Uint8Array)) }), made([]), fd.write, sync.writeSync);
    expect(fd.taken).toHaveLength(4);
    expect(sync.taken).toHaveLength(2);
    expect(Buffer.concat([...fd.taken, ...sync.taken, ...streamed]).equals(Buffer.from(whole))).toBe(true);
  });

  it('stops quietly when the reader has gone (EPIPE), making no more pieces, and fails on any other error', async () => {
    const gone = fakeAsync(10, 1, 'EPIPE');
    await expect(writePieces(1, () => process.stdout, made(gone.events), gone.write)).resolves.toBeUndefined();
    expect(Buffer.concat(gone.taken).length).toBe(10);
    expect(gone.events).not.toContain('make 3');
    const broken = fakeAsync(10, 0, 'EIO');
    await expect(writePieces(1, () => process.stdout, made([]), broken.write)).rejects.toThrow('EIO');
  });
});
