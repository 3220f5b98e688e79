import type { Context, ExecutionContext } from 'hono';

/**
 * A write done after the answer is sent (waitUntil): the request waits on no round trip for it,
 * and its failure is logged (`what`), never answered. A caller without an execution context (the
 * bench's Node runs) waits for it.
 */
export async function afterAnswer(c: Context, write: Promise<void>, what: string): Promise<void> {
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(write.catch((err: unknown) => console.error(what, err)));
  else await write;
}
