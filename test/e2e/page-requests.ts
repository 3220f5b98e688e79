import type { Page } from 'playwright-core';

/** What `run` does, and the page's requests meanwhile: `sent <path>` as each goes out, `done <path>` as its answer is read. */
export async function requestsDuring<T>(page: Page, run: () => Promise<T>): Promise<{ result: T; events: string[] }> {
  const events: string[] = [];
  const sent = (r: { url(): string }) => events.push(`sent ${new URL(r.url()).pathname}`);
  const done = (r: { url(): string }) => events.push(`done ${new URL(r.url()).pathname}`);
  page.on('request', sent);
  page.on('requestfinished', done);
  try {
    return { result: await run(), events };
  } finally {
    page.off('request', sent);
    page.off('requestfinished', done);
  }
}
