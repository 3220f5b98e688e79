import { runOptions } from './capabilities.js';
import { CheckFailed } from './refusal.js';

/** Excel's answer to every request of an add-in while a person is typing in a cell. */
const CELL_EDIT = 'InvalidOperationInCellEditMode';

/** Whether Excel refused because a cell is being edited (its code on the error, or on what a CheckFailed wraps). */
export function inCellEdit(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === CELL_EDIT || (error as { cause?: { code?: unknown } } | null)?.cause?.code === CELL_EDIT;
}

/**
 * While a cell is being edited, how long to keep trying and what to tell the person meanwhile
 * (`onWait`, once, at the first refusal). Tries are `everyMs` apart.
 */
export interface EditWait {
  onWait?: () => void;
  forMs?: number;
  everyMs?: number;
  /** Whether the run may be tried again (absent: yes); see runExcelAsking. */
  again?: () => boolean;
}

/** The time between tries while a cell is being edited. */
const pause = (wait: EditWait) => new Promise((r) => setTimeout(r, wait.everyMs ?? 1000));

/** Long enough to finish typing a cell and press Enter; the ribbon's button spins meanwhile. */
const EDIT_WAIT_MS = 60_000;

/**
 * Excel.run as one undo step where Excel can group an add-in's changes (ExcelApi 1.20). Should
 * Excel refuse the grouping (UndoNotSupported: an API in the run cannot be undone), the run has
 * already taken back what it wrote, and it runs again ungrouped.
 *
 * While a person is typing in a cell, Excel refuses every request (InvalidOperationInCellEditMode):
 * a run that left the workbook as it was is then tried again each second until the edit ends
 * (Enter, Tab, another cell) or `wait.forMs` passes, the person told once what to do.
 * @example await runExcel((context) => checkActiveSheet(context), { onWait: () => say('请先结束单元格编辑') })
 */
export async function runExcel<T>(batch: (context: Excel.RequestContext) => Promise<T>, wait: EditWait = {}): Promise<T> {
  const until = Date.now() + (wait.forMs ?? EDIT_WAIT_MS);
  let told = false;
  const onWait = () => {
    if (!told) wait.onWait?.();
    told = true;
  };
  const waiting = { ...wait, onWait };
  for (;;) {
    try {
      return await runGrouped((context) => {
        waits.set(context, waiting);
        return batch(context);
      });
    } catch (error) {
      // Only a run that left the workbook as it was (nothing written, or all of it taken back).
      const asItWas = !(error instanceof CheckFailed) || (error.restored && !error.coAuthor);
      if (!inCellEdit(error) || !asItWas || Date.now() >= until || wait.again?.() === false) throw error;
      onWait();
      await pause(wait);
    }
  }
}

/** The wait of the run a context belongs to (runExcel), for what it must do even while a cell is edited. */
const waits = new WeakMap<Excel.RequestContext, EditWait>();

/**
 * `step` (taking back what a failed run wrote), tried again while Excel refuses it for a cell being
 * edited, as long as the run's own wait: a person who starts typing while a check writes would
 * otherwise leave half a check behind, when Excel had refused the rest whole.
 */
export async function whenEditEnds<T>(context: Excel.RequestContext, step: () => Promise<T>): Promise<T> {
  const wait = waits.get(context) ?? {};
  const until = Date.now() + (wait.forMs ?? EDIT_WAIT_MS);
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!inCellEdit(error) || Date.now() >= until) throw error;
      wait.onWait?.();
      await pause(wait);
    }
  }
}

/**
 * runExcel for a run that asks the county server between its round trips to Excel (a submission,
 * pull status, the county view, decisions, an upload): while a cell is being edited it waits as
 * a check does, but only until `client` sends its first request. Excel refuses the first read
 * when the person was typing as they pressed the button, the usual case, and nothing was sent;
 * a run refused after it asked is not asked again (a write is never sent twice, a read not every
 * second), and the person is told to finish the edit and press the button again.
 */
export function runExcelAsking<T>(client: { readonly sent: number }, batch: (context: Excel.RequestContext) => Promise<T>, wait: EditWait = {}): Promise<T> {
  const before = client.sent;
  return runExcel(batch, { ...wait, again: () => client.sent === before });
}

async function runGrouped<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
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
