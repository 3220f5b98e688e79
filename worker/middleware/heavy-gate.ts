import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { encodingOf } from './request-encoding.js';

/**
 * One isolate serves concurrent requests in one 128 MB, and the largest submission the API takes
 * needs up to ~100 MB while it is read, checked and stored (`npm run bench memory`): two at once
 * could end both with Cloudflare's memory error. So large bodies take turns, one at a time per
 * isolate. A wait costs no CPU time; past a short queue the request is refused with 503 and
 * Retry-After, which the add-in's client waits out and retries. Small bodies never wait.
 */
export const HEAVY_GATE = {
  /**
   * A body larger than this takes its turn: ~500 rows as JSON (about 1 KB a row), ~2,800 as an
   * .xlsx (about 180 bytes a row), each a few MB of heap; a body without Content-Length too.
   */
  bytes: 512 * 1024,
  /**
   * A compressed body (Content-Encoding: gzip) larger than this takes its turn: a ledger's JSON
   * shrinks about tenfold, so 32 KB may already be ~500 rows.
   */
  encodedBytes: 32 * 1024,
  /** Large requests that may wait behind the one running; the next is refused. */
  queue: 4,
  retryAfterSeconds: 10,
} as const;

/** A first-come, first-served turn for one task at a time, with at most `queue` waiting. */
export class Turns {
  private running = false;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly queue: number) {}

  /** Runs `task` when its turn comes; throws ApiError('server-busy') when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running) {
      if (this.waiting.length >= this.queue) {
        throw new ApiError('server-busy', `服务器正在检查 ${this.waiting.length + 1} 份大台账，请 ${HEAVY_GATE.retryAfterSeconds} 秒后重试 (large ledgers are being checked; retry in ${HEAVY_GATE.retryAfterSeconds} seconds)`, undefined, {
          'Retry-After': String(HEAVY_GATE.retryAfterSeconds),
        });
      }
      // The one finishing hands its turn over directly (running stays true).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running = true;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running = false;
    }
  }
}

/** This isolate's turns (module state lives as long as the isolate). */
const isolateTurns = new Turns(HEAVY_GATE.queue);

/** Large submissions and uploads take turns (HEAVY_GATE); `turns` is for tests. */
export const heavyGate = (turns: Turns = isolateTurns) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const length = Number(c.req.header('content-length') ?? Number.NaN);
    const bound = encodingOf(c.req.header('content-encoding')) === 'identity' ? HEAVY_GATE.bytes : HEAVY_GATE.encodedBytes;
    if (c.req.method !== 'POST' || length <= bound) return next();
    await turns.run(next);
  });
