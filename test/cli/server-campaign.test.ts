import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../cli/args.js';
import { UsageError } from '../../cli/errors.js';
import { buildCli, FIXTURES, hasStackTrace, ROOT, type CliRun } from './helpers.js';

// `--server URL --token T` takes the campaign from the county server (SPEC section 13); a check
// against a real Worker is in test/e2e/deploy.test.ts. Here: the command line and the failures.
const LEDGER = join(FIXTURES, 'demo-county/xiyan-town.xlsx');
let notOurs: Server;

/** The CLI in a child process, awaited: this process's event loop keeps serving `notOurs`. */
function runCli(args: string[]): Promise<CliRun> {
  return new Promise((ok) => {
    execFile(process.execPath, [join(ROOT, 'bin/ledger-check.js'), ...args], { cwd: ROOT, env: { ...process.env, LEDGER_CHECK_DEBUG: '' } }, (error, stdout, stderr) =>
      ok({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}
let notOursUrl = '';
let closedUrl = '';

beforeAll(async () => {
  buildCli();
  // A web server that is not the county server (a proxy's or a portal's page).
  notOurs = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>门户网站</html>'));
  await new Promise<void>((ok) => notOurs.listen(0, '127.0.0.1', ok));
  notOursUrl = `http://127.0.0.1:${(notOurs.address() as { port: number }).port}`;
  // A port nothing listens on: open one, note it, close it.
  const closed = createServer();
  await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
  closedUrl = `http://127.0.0.1:${(closed.address() as { port: number }).port}`;
  await new Promise((ok) => closed.close(ok));
});
afterAll(() => new Promise((ok) => (notOurs ? notOurs.close(ok) : ok(undefined))));

describe('--server and --token', () => {
  it('are parsed together, the address trimmed of its slash', () => {
    expect(parseCliArgs(['a.xlsx', '--server', 'https://ledger.example.gov.cn/', '--token', 'lc_abc']).server).toEqual({ url: 'https://ledger.example.gov.cn', token: 'lc_abc' });
  });

  it.each([
    [['a.xlsx', '--server', 'https://x.example'], /--token/],
    [['a.xlsx', '--token', 'lc_abc'], /--server/],
    [['a.xlsx', '--server', 'ledger.example.gov.cn', '--token', 'lc_abc'], /http:\/\/ 或 https:\/\//],
    [['a.xlsx', '--server', 'https://x.example', '--token', 't', '--campaign', 'c.json'], /只能选一个/],
  ])('refuse %j with a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('a server that cannot be reached stops the run (exit 2) before checking anything', async () => {
    const r = await runCli([LEDGER, '--server', closedUrl, '--token', 'lc_abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`无法连接服务器 ${closedUrl}`);
    expect(r.stdout).toBe('');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('an address that is not the county server says so, in English when asked', async () => {
    const r = await runCli([LEDGER, '--server', notOursUrl, '--token', 'lc_abc', '--lang', 'en']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('did not answer as the county server does');
  });
});
