import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignOrDefault, ReportSchema } from '../../shared/index.js';
import { writeBadFiles } from './bad-files.js';
import { buildCli, FIXTURES, hasStackTrace, ROOT, runCli, runMain, tempDir, type CliRun } from './helpers.js';

const tmp = tempDir();
beforeAll(buildCli);
afterAll(tmp.remove);

const DEMO = join(FIXTURES, 'demo-county');
const clean = join(DEMO, 'nature-resources.xlsx');
const withErrors = join(FIXTURES, 'unit-two-level-header.xlsx');
const AS_OF = ['--as-of', '2023-05-29'];


/** One line on stderr, naming the problem, and no stack trace: what exit code 2 must look like. */
function expectCleanFailure(run: CliRun, message: RegExp) {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
  expect(run.stderr).toMatch(/^ledger-check: /);
  expect(hasStackTrace(run.stderr)).toBe(false);
}

describe('ledger-check exit codes and output', () => {
  it('prints its version and its help, exit 0', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(runCli(['--version'])).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^用法：ledger-check/);
    expect(help.stdout).toContain('--as-of YYYY-MM-DD');
    expect(runCli(['--help', '--lang', 'en']).stdout).toMatch(/^Usage: ledger-check FILE\.xlsx/);
  });

  it('exits 0 for a ledger without errors', () => {
    const run = runCli([clean, ...AS_OF]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('城步苗族自治县自然资源局');
  });

  it('exits 1 when errors are found, and 1 for a workbook without any ledger', () => {
    expect(runCli([withErrors, ...AS_OF]).status).toBe(1);
    const none = runCli([join(FIXTURES, 'no-ledger.xlsx'), ...AS_OF, '--json']);
    expect(none.status).toBe(1);
    const report = ReportSchema.parse(JSON.parse(none.stdout));
    expect(report.sheets[0]!.diagnostics.map((d) => d.code)).toContain('header-not-found');
  });

  it('prints with --json only a report that ReportSchema accepts', () => {
    const run = runCli([withErrors, clean, ...AS_OF, '--json']);
    expect(run.stderr).toBe('');
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    expect(report.asOf).toBe('2023-05-29');
    expect(report.campaign).toBe(campaignOrDefault().id);
    expect(report.sheets.map((s) => s.file)).toEqual([withErrors, clean]);
    expect(report.stats.items).toBe(14);
    expect(report.valid).toBe(false);
  });

  it('summarises per unit, worst items first, and ends with the totals', () => {
    const run = runCli([withErrors, clean, ...AS_OF]);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('整改台账检查（截至 2023-05-29，chengbu-2023）');
    expect(run.stdout).toMatch(/城步苗族自治县交通运输局\s+8\s+2\s+4\n/);
    const worst = lines.findIndex((l) => l.startsWith('需要处理的事项'));
    expect(lines[worst + 1]).toMatch(/^ {2}\[错误 1 警告 2\] 城步苗族自治县交通运输局 · unit-two-level-header\.xlsx「整改台账」第 10 行$/);
    expect(lines[worst + 2]).toMatch(/^ {6}H10\s+错误\s+整改时限“尽快”/);
    expect(lines.at(-1)).toMatch(/^合计：2 个单位，14 项事项，错误 2 条，警告 4 条，\d 个单位需重点关注。$/);
  });

  it('summarises in English with --lang en', () => {
    const run = runCli([withErrors, ...AS_OF, '--lang', 'en']);
    expect(run.stdout).toMatch(/^Rectification ledger check \(as of 2023-05-29/);
    expect(run.stdout).toMatch(/\n {6}H10 {5}error {4}Deadline "尽快" names no date/);
    expect(run.stdout).toMatch(/\n {6}C10 {5}warning {2}The description is vague/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Total: 1 unit\(s\), 8 item\(s\), 2 error\(s\), 4 warning\(s\)/);
  });

  it('checks a whole folder together and reports progress on stderr, not stdout', () => {
    const run = runCli([DEMO, ...AS_OF, '--json']);
    expect(run.stderr.trim().split('\n')).toHaveLength(10);
    expect(run.stderr).toMatch(/^读取 1\/10：/);
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    expect(report.stats.items).toBe(60);
    expect(report.crossUnit.length).toBeGreaterThan(0);
  });

  it('uses --unit for every item and --campaign for the settings', () => {
    const campaign = join(tmp.dir, 'campaign.json');
    writeFileSync(campaign, `\uFEFF${JSON.stringify({ ...campaignOrDefault(), id: 'test-2023', categories: ['执法程序'] })}`);
    const run = runCli([withErrors, ...AS_OF, '--json', '--unit', '测试单位', '--campaign', campaign]);
    const report = ReportSchema.parse(JSON.parse(run.stdout));
    expect(report.campaign).toBe('test-2023');
    expect(report.units.map((u) => u.unit)).toEqual(['测试单位']);
    const codes = report.sheets[0]!.items.flatMap((i) => i.diagnostics.map((d) => d.code));
    expect(codes).toContain('category-invalid'); // only 执法程序 is a category now
  });

  it('runs as `npx ledger-check` from the package', () => {
    const r = spawnSync('npx', ['--no-install', 'ledger-check', '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('LEDGER_CHECK_TIMINGS (what npm run bench reads)', () => {
  it('adds one line of phase timings on stderr and leaves the output as it is', () => {
    const run = (timings: string) =>
      spawnSync(process.execPath, [join(ROOT, 'bin/ledger-check.js'), withErrors, '--json', ...AS_OF], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LEDGER_CHECK_DEBUG: '', LEDGER_CHECK_TIMINGS: timings } });
    const plain = run('');
    const timed = run('1');
    expect(plain.stderr).toBe('');
    expect(timed.status).toBe(plain.status);
    expect(timed.stdout).toBe(plain.stdout);
    // --json: the report made and written in one phase (output).
    expect(timed.stderr).toMatch(/^ledger-check timings \(ms, wall\/CPU\): start \d+\/\d+ read \d+\/\d+ check \d+\/\d+ output \d+\/\d+ total \d+\/\d+\n$/);
  });
});

describe('ledger-check refuses to run (exit 2) with one clear line', () => {
  const bad = writeBadFiles(tmp.dir);

  it.each([
    [['--verbose', clean], /未知选项 --verbose/],
    [[clean, '--as-of', '2023-13-01'], /--as-of 日期无效：2023-13-01/],
    [[clean, '--as-of'], /缺少取值/],
    [[clean, '--lang', 'fr'], /--lang/],
    [[], /请给出要检查的 \.xlsx 文件/],
    [[clean, '--campaign', 'no-such-campaign.json'], /活动配置文件 no-such-campaign\.json 文件不存在/],
  ])('for the command line %j', async (args, message) => {
    expectCleanFailure(await runMain(args), message);
  });

  it('from the real binary too, for a bad flag and a bad file', () => {
    expectCleanFailure(runCli(['--verbose', clean]), /^ledger-check: 未知选项 --verbose/);
    expectCleanFailure(runCli([bad.encrypted!.path]), /有打开密码/);
  });

  it('answers in English with --lang en', async () => {
    expectCleanFailure(await runMain(['--bogus', '--lang', 'en']), /^ledger-check: unknown option --bogus/);
  });

  it('for a campaign file that is not JSON or has a bad setting', async () => {
    const notJson = join(tmp.dir, 'campaign-broken.json');
    writeFileSync(notJson, '{ "year": 2023, ');
    expectCleanFailure(await runMain([clean, '--campaign', notJson]), /不是有效的 JSON/);
    const badSetting = join(tmp.dir, 'campaign-bad.json');
    writeFileSync(badSetting, JSON.stringify({ ...campaignOrDefault(), startsOn: '29/03/2023', dueSoonDays: -1 }));
    expectCleanFailure(await runMain([clean, '--campaign', badSetting]), /有误：.*startsOn.*dueSoonDays/);
  });

  it('for a folder without workbooks', async () => {
    expectCleanFailure(await runMain([bad.folder!.path]), /文件夹 .*folder\.xlsx 中没有 \.xlsx、\.xls 或 \.ods 文件/);
  });

  it.each(Object.entries(bad).filter(([name]) => name !== 'folder'))('for an unreadable file (%s)', async (_name, { path }) => {
    const run = await runMain([path]);
    expectCleanFailure(run, new RegExp(`^ledger-check: 无法读取 ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}：`));
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('checks nothing when one of several files is bad, and names every bad file', () => {
    const run = runCli([clean, bad.notes!.path, withErrors, bad.encrypted!.path, '--json']);
    expectCleanFailure(run, /^ledger-check: /);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringContaining(bad.notes!.path),
      expect.stringContaining(bad.encrypted!.path),
      'ledger-check: 2 个文件无法读取，未做检查',
    ]);
    const en = runCli([bad.notes!.path, bad.encrypted!.path, '--lang', 'en']);
    expect(en.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^ledger-check: cannot read .*notes\.xlsx: is not an Excel workbook/),
      expect.stringMatching(/^ledger-check: cannot read .*password\.xlsx: is password-protected/),
      'ledger-check: 2 files could not be read; nothing was checked',
    ]);
  });
});
