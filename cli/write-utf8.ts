import { write as fsWriteAsync, writeSync as fsWriteSync } from 'node:fs';

/** Characters encoded at a time, so the buffer (3 bytes a character at most) stays bounded. */
const SLICE = 4 * 1024 * 1024;

/**
 * Writes text as UTF-8 bytes. TextEncoder.encodeInto is about three times as fast as the
 * encoding a stream does for a string (the 5,000-row report: 6.8 MB, 13 ms against 35 ms).
 * @example writeUtf8(process.stdout, `${JSON.stringify(report, null, 2)}\n`)
 */
export function writeUtf8(out: { write(chunk: Uint8Array | string): unknown }, text: string): void {
  if (text.length < 64 * 1024) {
    out.write(text);
    return;
  }
  const encoder = new TextEncoder();
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + SLICE);
    // Never between the two halves of a surrogate pair.
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
    // A buffer for each slice: the stream may hold it until the pipe takes it.
    const buffer = Buffer.allocUnsafe((to - from) * 3);
    const { written } = encoder.encodeInto(text.slice(from, to), buffer);
    out.write(buffer.subarray(0, written));
    from = to;
  }
}

/** Where fdWriter turns when the descriptor cannot take bytes at once. */
interface Stream {
  write(chunk: Uint8Array | string): unknown;
}

/**
 * A writer straight to a file descriptor (1: stdout) with fs.writeSync, so the CLI never builds
 * process.stdout, whose stream costs about 15 ms to set up (a tenth of `--version`). Pipes and
 * files take the bytes at once, as process.stdout does on Linux; a descriptor that would block
 * (EAGAIN: a non-blocking terminal or pipe) gets the rest through the stream, in order. A reader
 * that went away (EPIPE: `ledger-check … | head`) gets nothing more, and the run ends as it would.
 * @example writeUtf8(fdWriter(1, () => process.stdout), json)
 */
export function fdWriter(fd: number, stream: () => Stream, writeSync: (fd: number, bytes: Uint8Array) => number = fsWriteSync): Stream {
  let fallback: Stream | undefined;
  let closed = false;
  return {
    write(chunk) {
      if (fallback) return fallback.write(chunk);
      let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      while (bytes.length > 0 && !closed) {
        try {
          bytes = bytes.subarray(writeSync(fd, bytes));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') closed = true;
          else if (code === 'EAGAIN') {
            fallback = stream();
            return fallback.write(bytes);
          } else throw error;
        }
      }
      return !closed;
    },
  };
}

/** fs.write's callback form (the thread pool writes while this thread goes on). */
type AsyncWrite = (fd: number, bytes: Uint8Array, done: (error: NodeJS.ErrnoException | null, written: number) => void) => void;

const fsWrite: AsyncWrite = (fd, bytes, done) => fsWriteAsync(fd, bytes, 0, bytes.length, null, done);

/**
 * Writes pieces of text to a file descriptor as UTF-8, each piece's bytes written by Node's
 * thread pool (fs.write) while the next piece is made (the pieces are asked for one at a time:
 * cli/report-json.ts makes each when asked), in order. As fdWriter: a descriptor that would block
 * (EAGAIN) gets the rest through `stream()`, in order; a reader that went away (EPIPE) gets nothing more.
 * @example await writePieces(1, () => process.stdout, reportJsonPieces(report))
 */
export async function writePieces(
  fd: number,
  stream: () => Stream,
  pieces: Iterable<string>,
  write: AsyncWrite = fsWrite,
  writeSync: (fd: number, bytes: Uint8Array) => number = fsWriteSync,
): Promise<void> {
  const encoder = new TextEncoder();
  let inFlight: Promise<void> = Promise.resolve();
  /** After EAGAIN: every later byte through fdWriter (then the stream), in order. */
  let blocking: Stream | undefined;
  let closed = false;
  const writeAll = (bytes: Uint8Array): Promise<void> =>
    new Promise((resolve, reject) => {
      const next = (rest: Uint8Array): void => {
        if (rest.length === 0 || closed) return resolve();
        if (blocking) {
          blocking.write(rest);
          return resolve();
        }
        write(fd, rest, (error, written) => {
          if (!error) return next(rest.subarray(written));
          if (error.code === 'EPIPE') closed = true;
          else if (error.code === 'EAGAIN') blocking = fdWriter(fd, stream, writeSync);
          else return reject(error);
          next(rest);
        });
      };
      next(bytes);
    });
  for (const piece of pieces) {
    // A buffer per piece: the one before may still be in the thread pool's hands.
    const buffer = Buffer.allocUnsafe(piece.length * 3);
    const bytes = buffer.subarray(0, encoder.encodeInto(piece, buffer).written);
    await inFlight;
    if (closed) return;
    inFlight = writeAll(bytes);
  }
  await inFlight;
}

/** Where stdout goes, and how the JSON report's pieces reach it. */
export interface StdoutWriter {
  stdout: Stream;
  pieces: (pieces: Iterable<string>) => Promise<void>;
}

/**
 * Standard output for the CLI: the descriptor (fdWriter, writePieces), except on a Windows
 * console. There bytes written to the descriptor are read in the console's code page (936 on
 * Chinese Windows), so UTF-8 Chinese comes out garbled (nodejs/node#24550, a known limitation);
 * the TTY stream hands the console UTF-16 (WriteConsoleW). Pipes and files on Windows, and every
 * other platform, get the bytes straight, without building the stream.
 * @example const { stdout } = stdoutWriter(process.platform, () => process.stdout)
 */
export function stdoutWriter(platform: string, stream: () => Stream & { isTTY?: boolean }, fd = 1): StdoutWriter {
  if (platform === 'win32' && stream().isTTY) {
    const tty = stream();
    return {
      stdout: tty,
      pieces: async (pieces) => {
        for (const piece of pieces) tty.write(piece);
      },
    };
  }
  return { stdout: fdWriter(fd, stream), pieces: (pieces) => writePieces(fd, stream, pieces) };
}
