import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, openXlsx, runMain, SPEC_FIXTURES, tempDir, type CliRun } from './helpers.js';

// ledger-check on encrypted workbooks: those Excel encrypted with its default password (a
// protected workbook; Excel opens them without asking) are checked as any other; those with a
// password of their own are refused unless --password gives it.
const tmp = tempDir();
afterAll(tmp.remove);

const XLS = join(FIXTURES, 'xls');
const XLSX_ENCRYPTED = join(FIXTURES, 'xlsx-encrypted');
const expected = JSON.parse(readFileSync(join(SPEC_FIXTURES, 'expected.json'), 'utf8')) as { asOf: string };

// Each format: a ledger encrypted with Excel's default password and its plain twin; one with a
// password of its own (巡察2023) and its plain twin.
const CASES = [
  { format: '.xls', byDefault: join(XLS, 'encrypted/maoping-town-default-password.xls'), plainDefault: join(XLS, 'maoping-town.xls'), own: join(XLS, 'encrypted/rulin-town-password.xls'), plainOwn: join(XLS, 'rulin-town.xls') },
  // The .xlsx are the spec's ledgers encrypted (msoffcrypto-tool, agile).
  { format: '.xlsx', byDefault: join(XLSX_ENCRYPTED, 'maoping-town-default-password.xlsx'), plainDefault: join(SPEC_FIXTURES, 'maoping-town.xlsx'), own: join(XLSX_ENCRYPTED, 'rulin-town-password.xlsx'), plainOwn: join(SPEC_FIXTURES, 'rulin-town.xlsx') },
];

/** A JSON report over `file`, naming it as `as` so that twins compare whole. */
async function reportAs(file: string, as: string, ...more: string[]): Promise<CliRun> {
  const run = await runMain([file, '--json', '--as-of', expected.asOf, ...more]);
  return { ...run, stdout: run.stdout.replaceAll(JSON.stringify(file), JSON.stringify(as)) };
}

describe.each(CASES)('ledger-check on an encrypted $format', ({ byDefault, plainDefault, own, plainOwn }) => {
  it('one Excel encrypted with its default password (a protected workbook) is checked as Excel opens it, without a password, exactly as its plain twin', async () => {
    const encrypted = await reportAs(byDefault, plainDefault);
    const plain = await runMain([plainDefault, '--json', '--as-of', expected.asOf]);
    expect(encrypted.stderr).toBe('');
    expect(encrypted.status).toBe(plain.status);
    expect(encrypted.stdout).toBe(plain.stdout);
  });

  it('one with a password of its own: refused, naming --password; checked with it as its plain twin; a wrong one refused again; its annotated copy written, unencrypted', async () => {
    const refused = await runMain([own, '--as-of', expected.asOf]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${own}：有打开密码（已加密）`);
    expect(refused.stderr).toContain('--password');
    const opened = await reportAs(own, plainOwn, '--password', '巡察2023');
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toBe((await runMain([plainOwn, '--json', '--as-of', expected.asOf])).stdout);
    expect((await runMain([own, '--as-of', expected.asOf, '--password', '巡察2024'])).status).toBe(2);
    const out = join(tmp.dir, basename(own));
    expect((await runMain([own, '--as-of', expected.asOf, '--password', '巡察2023', '--out', out])).stderr).toBe('');
    const copy = join(out, basename(own).replace(/\.xls$/, '.xlsx'));
    expect(existsSync(copy)).toBe(true);
    expect((await openXlsx(copy)).worksheets.map((w) => w.name)).toContain('检查报告');
  });
});
