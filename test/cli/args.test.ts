import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guessLang, parseCliArgs } from '../../cli/args.js';
import { UsageError } from '../../cli/errors.js';
import { expandInputs } from '../../cli/inputs.js';
import { labelsFor } from '../../cli/labels.js';
import { tempDir } from './helpers.js';

const names = (sources: { name: string }[]) => sources.map((s) => s.name);

describe('the command line', () => {
  it('takes files and every option of SPEC section 10', () => {
    const o = parseCliArgs(['a.xlsx', 'b.xlsx', '--json', '--as-of', '2023-05-29', '--campaign', 'c.json', '--unit', ' 儒林镇 ', '--out', 'out', '--lang=en']);
    expect(o).toEqual({ inputs: ['a.xlsx', 'b.xlsx'], json: true, asOf: '2023-05-29', campaignFile: 'c.json', unit: '儒林镇', outDir: 'out', lang: 'en', help: false, version: false });
  });

  it('takes .xls passwords to try, each --password once', () => {
    expect(parseCliArgs(['a.xls', '--password', '巡察2023', '--password=abc']).passwords).toEqual(['巡察2023', 'abc']);
    expect(parseCliArgs(['a.xls']).passwords).toBeUndefined();
  });

  it('defaults to a Chinese summary of today', () => {
    const o = parseCliArgs(['a.xlsx']);
    expect(o).toMatchObject({ json: false, lang: 'zh' });
    expect(o.asOf).toBeUndefined();
  });

  it('answers --help and --version without files', () => {
    expect(parseCliArgs(['--help']).help).toBe(true);
    expect(parseCliArgs(['-v']).version).toBe(true);
  });

  it.each([
    [['--as-of', '2023-02-30', 'a.xlsx'], /--as-of/],
    [['--as-of', '29.05.2023', 'a.xlsx'], /YYYY-MM-DD/],
    [['a.xlsx', '--as-of'], /缺少取值/],
    [['--as-of', '--json', 'a.xlsx'], /缺少取值/],
    [['a.xlsx', '--json=yes'], /不接受取值/],
    [['a.xlsx', '--verbose'], /未知选项 --verbose/],
    [['a.xlsx', '--lang', 'fr'], /zh 或 en/],
    [['a.xlsx', '--unit', '  '], /--unit/],
    [['a.xls', '--password', ''], /--password 不能为空/],
    [['--json'], /请给出要检查的 \.xlsx 文件/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('speaks English in its errors when --lang en is anywhere on the line', () => {
    expect(guessLang(['--bogus', '--lang', 'en'])).toBe('en');
    expect(guessLang(['--lang=en'])).toBe('en');
    expect(guessLang(['a.xlsx'])).toBe('zh');
    try {
      parseCliArgs(['--bogus']);
    } catch (e) {
      expect((e as UsageError).text('en')).toBe('unknown option --bogus (see ledger-check --help)');
    }
  });
});

describe('the files to check', () => {
  const tmp = tempDir();
  afterAll(tmp.remove);
  mkdirSync(join(tmp.dir, 'uploads'));
  for (const name of ['b.xlsx', 'a.xlsx', '~$a.xlsx', 'notes.txt']) writeFileSync(join(tmp.dir, 'uploads', name), '');

  it('expands a folder to its .xlsx files, sorted, without Excel lock files', async () => {
    expect(names(await expandInputs([join(tmp.dir, 'uploads')]))).toEqual([join(tmp.dir, 'uploads', 'a.xlsx'), join(tmp.dir, 'uploads', 'b.xlsx')]);
  });

  it('expands a pattern a Windows shell passes on unexpanded', async () => {
    expect(names(await expandInputs([join(tmp.dir, 'uploads', '*.XLSX')]))).toEqual([join(tmp.dir, 'uploads', 'a.xlsx'), join(tmp.dir, 'uploads', 'b.xlsx')]);
  });

  it('checks a file named twice once, and keeps a missing path for the reader to report', async () => {
    const a = join(tmp.dir, 'uploads', 'a.xlsx');
    expect(names(await expandInputs([a, a, 'missing.xlsx']))).toEqual([a, 'missing.xlsx']);
  });

  it('takes macro-enabled workbooks (.xlsm, a template with buttons) as .xlsx ones, an .xls or .xlsb beside one skipped', async () => {
    const dir = join(tmp.dir, 'macros');
    mkdirSync(dir);
    for (const name of ['台账.xlsm', '台账.xls', '台账.xlsb', '汇总.XLSM']) writeFileSync(join(dir, name), '');
    const skipped: [string, string][] = [];
    expect(names(await expandInputs([dir], (file, kept) => skipped.push([file, kept])))).toEqual([join(dir, '汇总.XLSM'), join(dir, '台账.xlsm')]); // pinyin order: huì before tái
    expect(skipped.sort()).toEqual([[join(dir, '台账.xls'), join(dir, '台账.xlsm')], [join(dir, '台账.xlsb'), join(dir, '台账.xlsm')]]); // in the folder's own order
    expect(labelsFor('zh').skippedXls(join(dir, '台账.xls'), join(dir, '台账.xlsm'))).toBe(`跳过 ${join(dir, '台账.xls')}：同一文件夹中有同名的 ${join(dir, '台账.xlsm')}，只检查 .xlsm`);
  });

  it('refuses a pattern or folder that matches nothing', async () => {
    await expect(expandInputs([join(tmp.dir, 'uploads', '*.xls')])).rejects.toThrow(UsageError);
    mkdirSync(join(tmp.dir, 'nothing'));
    await expect(expandInputs([join(tmp.dir, 'nothing')])).rejects.toThrow(/没有 \.xlsx、\.xls 或 \.ods 文件/);
  });
});
