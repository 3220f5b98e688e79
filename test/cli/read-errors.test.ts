import { afterAll, describe, expect, it } from 'vitest';
import { LedgerFileError } from '../../cli/errors.js';
import { readXlsx } from '../../cli/read-xlsx.js';
import { writeBadFiles } from './bad-files.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(tmp.remove);

const bad = writeBadFiles(tmp.dir);

describe('files the reader refuses, with a clear error', () => {
  it.each(Object.entries(bad))('reports %s as a LedgerFileError naming the file and the problem', async (_name, { path, problem }) => {
    const error = await readXlsx(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LedgerFileError);
    const e = error as LedgerFileError;
    expect(e.problem).toBe(problem);
    expect(e.message).toContain(path);
    expect(e.messageEn).toContain(path);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/); // Chinese
    expect(e.messageEn).toMatch(/^cannot read /);
    expect(e.message).not.toContain('\n');
  });

  it('tells a user with an Excel 4.0 (or older) file to save it as .xlsx', async () => {
    await expect(readXlsx(bad.xls!.path)).rejects.toThrow(/Excel 4\.0.*另存为” \.xlsx/);
  });

  it('says a cut-off .xls is damaged, with what is wrong in it', async () => {
    await expect(readXlsx(bad.cutXls!.path)).rejects.toThrow(/已损坏，无法读取.*（the compound file is damaged/);
  });

  it('names the sheet and the used range of a stray cell far out', async () => {
    await expect(readXlsx(bad.stray!.path)).rejects.toThrow(/表格范围过大.*（「Sheet1」A1:XFD1048576）$/);
    // Rows held far out are refused while read, before the used range is known: the cell that passed the bound.
    await expect(readXlsx(bad.farRight!.path)).rejects.toThrow(/（「Sheet1」XFD\d+）$/);
  });

  it('tells a user with a password-protected file to remove the password', async () => {
    await expect(readXlsx(bad.encrypted!.path)).rejects.toThrow(/密码/);
  });
});
