import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { FIXTURES, openXlsx, SPEC_FIXTURES, tempDir, type CliRun } from './helpers.js';

// ledger-check on encrypted workbooks: those Excel encrypted with its default password (a
// protected workbook; Excel opens them without asking) are checked as any other; those with a
// password of their own are refused unless --password gives it.
const tmp = tempDir();
afterAll(tmp.remove);

const XLS = join(FIXTURES, 'xls');
const XLSX_ENCRYPTED = join(FIXTURES, 'xlsx-encrypted');
const expected = JSON.parse(readFileSync(join(SPEC_FIXTURES, 'expected.json'), 'utf8')) as { asOf: string };

async function runMain(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

describe('ledger-check on an encrypted .xls', () => {
  const ENCRYPTED = join(XLS, 'encrypted');

  it('one Excel encrypted with its default password (a protected workbook) is checked as Excel opens it, without a password', async () => {
    const encrypted = await runMain([join(ENCRYPTED, 'maoping-town-default-password.xls'), '--json', '--as-of', expected.asOf]);
    const plain = await runMain([join(XLS, 'maoping-town.xls'), '--json', '--as-of', expected.asOf]);
    expect(encrypted.stderr).toBe('');
    expect(encrypted.status).toBe(plain.status);
    expect(encrypted.stdout.replaceAll('maoping-town-default-password', 'maoping-town').replaceAll('encrypted/', '')).toBe(plain.stdout);
  });

  it('one with a password of its own: refused, naming --password; checked with it; a wrong one is refused again', async () => {
    const file = join(ENCRYPTED, 'rulin-town-password.xls');
    const refused = await runMain([file, '--as-of', expected.asOf]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${file}：有打开密码（已加密）`);
    expect(refused.stderr).toContain('--password');
    const opened = await runMain([file, '--json', '--as-of', expected.asOf, '--password', '巡察2023']);
    const plain = await runMain([join(XLS, 'rulin-town.xls'), '--json', '--as-of', expected.asOf]);
    expect(opened.stderr).toBe('');
    expect(opened.stdout.replaceAll('rulin-town-password', 'rulin-town').replaceAll('encrypted/', '')).toBe(plain.stdout);
    expect((await runMain([file, '--as-of', expected.asOf, '--password', '巡察2024'])).status).toBe(2);
  });
});


describe('ledger-check on an encrypted .xlsx', () => {
  it('one encrypted with Excel\'s default password is checked without a password, exactly as the workbook it was', async () => {
    const encrypted = await runMain([join(XLSX_ENCRYPTED, 'maoping-town-default-password.xlsx'), '--json', '--as-of', expected.asOf]);
    const plain = await runMain([join(SPEC_FIXTURES, 'maoping-town.xlsx'), '--json', '--as-of', expected.asOf]);
    expect(encrypted.stderr).toBe('');
    expect(encrypted.status).toBe(plain.status);
    expect(encrypted.stdout.replaceAll(join(XLSX_ENCRYPTED, 'maoping-town-default-password.xlsx'), join(SPEC_FIXTURES, 'maoping-town.xlsx'))).toBe(plain.stdout);
  });

  it('one with a password of its own: refused, naming --password; with it, checked and its annotated copy written (not encrypted)', async () => {
    const file = join(XLSX_ENCRYPTED, 'rulin-town-password.xlsx');
    const refused = await runMain([file, '--as-of', expected.asOf]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${file}：有打开密码（已加密）`);
    expect(refused.stderr).toContain('--password');
    const out = join(tmp.dir, 'out-xlsx');
    const opened = await runMain([file, '--as-of', expected.asOf, '--password', '巡察2023', '--out', out]);
    expect(opened.stderr).toBe('');
    const copy = join(out, 'rulin-town-password.xlsx');
    expect(existsSync(copy)).toBe(true);
    expect((await openXlsx(copy)).worksheets.map((w) => w.name)).toContain('检查报告');
    const plain = await runMain([join(SPEC_FIXTURES, 'rulin-town.xlsx'), '--json', '--as-of', expected.asOf]);
    const withPassword = await runMain([file, '--json', '--as-of', expected.asOf, '--password', '巡察2023']);
    expect(withPassword.stdout.replaceAll(file, join(SPEC_FIXTURES, 'rulin-town.xlsx'))).toBe(plain.stdout);
  });
});
