import { afterEach, describe, expect, it } from 'vitest';
import { noteApi } from '../../addin/excel/state.js';

// With office.js self-hosted (SPEC section 13), Excel may support an API set the loaded library
// predates: the add-in then uses only what the library knows. Excel's answer and the library's
// classes are set here as each combination would present them.
const g = globalThis as Record<string, unknown>;
function excelWith(supported: string, library: Record<string, unknown>): void {
  g.Office = { context: { requirements: { isSetSupported: (_set: string, v: string) => Number(v.split('.')[1]) <= Number(supported.split('.')[1]) } } };
  g.Excel = library;
}
afterEach(() => {
  delete g.Office;
  delete g.Excel;
});

describe('the note API the add-in writes with', () => {
  it('notes where Excel supports ExcelApi 1.18 and the library has them (the CDN office.js)', () => {
    excelWith('1.18', { NoteCollection: class {}, CommentCollection: class {} });
    expect(noteApi()).toBe('notes');
  });

  it('comments where Excel supports 1.18 but the self-hosted library predates notes', () => {
    excelWith('1.18', { CommentCollection: class {} });
    expect(noteApi()).toBe('comments');
  });

  it('comments, then nothing, as Excel supports less', () => {
    excelWith('1.15', { NoteCollection: class {} });
    expect(noteApi()).toBe('comments');
    excelWith('1.9', { NoteCollection: class {} });
    expect(noteApi()).toBe('none');
  });
});
