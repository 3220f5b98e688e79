import { runOptions } from './capabilities.js';

/**
 * Excel.run as one undo step where Excel can group an add-in's changes (ExcelApi 1.20). Should
 * Excel refuse the grouping (UndoNotSupported: an API in the run cannot be undone), the run has
 * already taken back what it wrote, and it runs again ungrouped.
 * @example await runExcel((context) => checkActiveSheet(context))
 */
export async function runExcel<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  const options = runOptions();
  if (!Object.keys(options).length) return Excel.run(batch);
  try {
    return await Excel.run(options, batch);
  } catch (error) {
    const code = String((error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? '');
    if (code !== 'UndoNotSupported') throw error;
    return Excel.run(batch);
  }
}
