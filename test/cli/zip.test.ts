import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runMain, SPEC_FIXTURES, tempDir } from './helpers.js';
import { gbk } from '../shared/gbk.js';

// ledger-check on a zip of ledgers (压缩包), as units send them by mail: every workbook in it is
// checked with the rest, named <zip>/<folder>/<file>.
const tmp = tempDir();
afterAll(tmp.remove);

const AS_OF = ['--as-of', '2023-05-29'];
const spec = (name: string) => new Uint8Array(readFileSync(join(SPEC_FIXTURES, name)));
const xls = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, 'xls', name)));

function put(name: string, bytes: Uint8Array): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Every place in `bytes` where `from` occurs, replaced by `to` (the same length). */
function patch(bytes: Uint8Array, from: number[], to: number[]): number {
  let count = 0;
  for (let i = 0; i + from.length <= bytes.length; i++) {
    if (from.every((b, k) => bytes[i + k] === b)) {
      bytes.set(to, i);
      count++;
    }
  }
  return count;
}

describe('ledger-check FILE.zip', () => {
  it('checks every workbook in the zip, in any folder, as the same files checked on their own; passes over other files, lock files and macOS\'s', async () => {
    const zip = put('各乡镇台账.zip', zipSync({
      '茅坪镇/茅坪镇台账.xlsx': spec('maoping-town.xlsx'),
      '儒林镇/儒林镇台账.xls': xls('rulin-town.xls'),
      'scj-market-regulation.xlsx': spec('scj-market-regulation.xlsx'),
      '说明.docx': new TextEncoder().encode('not a ledger'),
      '__MACOSX/茅坪镇/._茅坪镇台账.xlsx': new Uint8Array([0, 5, 22, 7]),
      '~$scj-market-regulation.xlsx': new Uint8Array([1, 2, 3]),
    }));
    const run = await runMain([zip, '--json', ...AS_OF]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { sheets: { file: string }[] };
    // Folder by folder in pinyin order, as a folder's files are: the zip's own first, 茅坪镇 (máo) before 儒林镇 (rú).
    expect([...new Set(report.sheets.map((s) => s.file))]).toEqual([join(zip, 'scj-market-regulation.xlsx'), join(zip, '茅坪镇/茅坪镇台账.xlsx'), join(zip, '儒林镇/儒林镇台账.xls')]);
    const files = [join(SPEC_FIXTURES, 'scj-market-regulation.xlsx'), join(SPEC_FIXTURES, 'maoping-town.xlsx'), join(FIXTURES, 'xls/rulin-town.xls')];
    const plain = await runMain([...files, '--json', ...AS_OF]);
    expect(run.status).toBe(plain.status);
    const named = run.stdout
      .replaceAll(JSON.stringify(join(zip, 'scj-market-regulation.xlsx')), JSON.stringify(files[0]))
      .replaceAll(JSON.stringify(join(zip, '茅坪镇/茅坪镇台账.xlsx')), JSON.stringify(files[1]))
      .replaceAll(JSON.stringify(join(zip, '儒林镇/儒林镇台账.xls')), JSON.stringify(files[2]));
    expect(named).toBe(plain.stdout);
  });

  it('names zipped on Chinese Windows (GBK, no UTF-8 flag) read as written', async () => {
    const name = '茅坪镇整改台账.xlsx';
    const bytes = gbk(name);
    const placeholder = 'x'.repeat(bytes.length - 5) + '.xlsx';
    const zip = zipSync({ [placeholder]: spec('maoping-town.xlsx') });
    expect(patch(zip, [...new TextEncoder().encode(placeholder)], bytes)).toBe(2); // the local header and the directory
    const run = await runMain([put('gbk.zip', zip), '--json', ...AS_OF]);
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { sheets: { file: string }[] }).sheets[0]!.file).toBe(join(tmp.dir, 'gbk.zip', name));
  });

  it('an .xls beside an .xlsx of the same name in a folder of the zip is skipped with a note, as in a folder', async () => {
    const zip = put('twins.zip', zipSync({ '茅坪镇/台账.xlsx': spec('maoping-town.xlsx'), '茅坪镇/台账.xls': xls('maoping-town.xls') }));
    const run = await runMain([zip, '--json', ...AS_OF]);
    expect(run.stderr).toBe(`跳过 ${join(zip, '茅坪镇/台账.xls')}：同一文件夹中有同名的 ${join(zip, '茅坪镇/台账.xlsx')}，只检查 .xlsx\n`);
    expect([...new Set((JSON.parse(run.stdout) as { sheets: { file: string }[] }).sheets.map((s) => s.file))]).toEqual([join(zip, '茅坪镇/台账.xlsx')]);
  });

  it('--out writes each zipped workbook\'s annotated copy into the folder by its own name', async () => {
    const zip = put('out.zip', zipSync({ '茅坪镇/茅坪镇台账.xlsx': spec('maoping-town.xlsx'), '儒林镇台账.xls': xls('rulin-town.xls') }));
    const out = join(tmp.dir, 'copies');
    const run = await runMain([zip, '--out', out, ...AS_OF]);
    expect(run.stderr).toBe('');
    expect(existsSync(join(out, '茅坪镇台账.xlsx'))).toBe(true);
    expect(existsSync(join(out, '儒林镇台账.xlsx'))).toBe(true);
  });

  it('what cannot be read is named, all at once, and nothing is checked: a member encrypted in the zip, a damaged zip; a zip of no workbook is a usage error', async () => {
    const locked = zipSync({ 'a.xlsx': spec('maoping-town.xlsx'), 'b.xlsx': spec('rulin-town.xlsx') }, { level: 0 });
    // Bit 0 of b.xlsx's flags, in its local header and its directory entry (as a zip tool's password sets it).
    const name = [...new TextEncoder().encode('b.xlsx')];
    for (let i = 0; i + 4 < locked.length; i++) {
      const local = locked[i] === 0x50 && locked[i + 1] === 0x4b && locked[i + 2] === 3 && locked[i + 3] === 4;
      const central = locked[i] === 0x50 && locked[i + 1] === 0x4b && locked[i + 2] === 1 && locked[i + 3] === 2;
      const nameAt = local ? i + 30 : central ? i + 46 : -1;
      if (nameAt > 0 && name.every((b, k) => locked[nameAt + k] === b)) locked[i + (local ? 6 : 8)]! |= 1;
    }
    const lockedZip = put('locked.zip', locked);
    const damaged = put('damaged.zip', zipSync({ 'c.xlsx': spec('maoping-town.xlsx') }).subarray(0, 900));
    const run = await runMain([lockedZip, damaged, ...AS_OF]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${join(lockedZip, 'b.xlsx')}：在设有密码的压缩包中`);
    expect(run.stderr).toContain(`${damaged}：已损坏`);
    expect(run.stderr).toContain('2 个文件无法读取，未做检查');
    const none = await runMain([put('photos.zip', zipSync({ '现场照片.jpg': new Uint8Array([0xff, 0xd8, 0xff]) })), ...AS_OF]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('中没有 .xlsx、.xls 或 .ods 文件');
  });

  it('a member declaring more than the zip\'s budget is refused before it is inflated (a zip bomb)', async () => {
    const bomb = zipSync({ 'a.xlsx': spec('maoping-town.xlsx') });
    // The directory entry's uncompressed size (offset 24) set to 2 GB.
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    for (let i = 0; i + 46 < bomb.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 0x80000000, true);
    const run = await runMain([put('bomb.zip', bomb), ...AS_OF]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('解压后过大');
  });

  it('a RAR or 7z archive, named .zip or as itself, is told apart: unpack it first (a zip is read as it is)', async () => {
    const rar = new Uint8Array([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00, ...new Array(40).fill(7)]);
    const sevenZip = new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04, ...new Array(40).fill(7)]);
    for (const [name, bytes] of [['台账.zip', rar], ['台账.rar', rar], ['台账.7z', sevenZip]] as const) {
      const path = put(name, bytes);
      const run = await runMain([path, ...AS_OF]);
      expect(run.status, name).toBe(2);
      expect(run.stderr, name).toContain(`${path}：是 RAR 或 7z 压缩包，请先解压`);
    }
  });

  it('a zip of ledgers under another name (台账.xlsx) is named as such: rename it .zip, or unzip it', async () => {
    const path = put('台账包.xlsx', zipSync({ '茅坪镇台账.xlsx': spec('maoping-town.xlsx') }));
    const run = await runMain([path, ...AS_OF]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${path}：是装着台账文件的 zip 压缩包：把扩展名改为 .zip 即可直接检查`);
  });

  it('a member compressed another way than deflate (7-Zip\'s LZMA, method 14) is named with "unzip it first"', async () => {
    const zip = zipSync({ 'a.xlsx': spec('maoping-town.xlsx') });
    // The directory entry's method field (offset 10), which the reader goes by: LZMA's 14.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 46 < zip.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint16(i + 10, 14, true);
    const path = put('lzma.zip', zip);
    const run = await runMain([path, ...AS_OF]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${join(path, 'a.xlsx')}：在压缩包中以本工具不读的压缩方式存放`);
  });
});
