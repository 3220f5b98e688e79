import { PAYLOAD_BUDGET } from './chunks.js';
import type { WriteBatch } from './batch.js';
import type { Journal } from './rollback.js';
import type { ExistingState } from './state.js';

/** How many refused cells are skipped one by one before the rest go without a note. */
const MAX_SKIPS = 20;

const code = (e: unknown): string => String((e as { code?: unknown })?.code ?? '');

/**
 * Adds our notes (or comments) in round trips of their own. Excel before ExcelApi 1.18 does not
 * show add-ins a user's classic note, and refuses a comment on a cell that has one
 * (InvalidOperation): the request stops at that cell, the ones before it are added. Such a cell
 * is skipped (its finding is in 检查·问题摘要 and the report) and the rest are added.
 */
export async function addNotesSkippingUsers(context: Excel.RequestContext, sheet: Excel.Worksheet, state: ExistingState, notes: [string, string][], journal: Journal, batch: WriteBatch): Promise<void> {
  if (!notes.length) return;
  const collection = (): Excel.CommentCollection | Excel.NoteCollection => (state.notes === 'notes' ? (sheet as Excel.Worksheet & { notes: Excel.NoteCollection }).notes : sheet.comments);
  const existing = state.ourNotes.length + state.userNoteCells.size;
  let queue = notes;
  for (let skips = 0; queue.length; ) {
    const chunk = takeChunk(queue);
    for (const [cell, text] of chunk) collection().add(cell, text);
    try {
      await batch.force();
      journal.notesAdded.push(...chunk.map(([cell]) => cell));
      queue = queue.slice(chunk.length);
    } catch (error) {
      if (code(error) !== 'InvalidOperation') throw error;
      const count = collection().getCount();
      await batch.force();
      // The count was sent by that round trip (ClientResult: no load needed).
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
      const added = count.value - existing - journal.notesAdded.length;
      journal.notesAdded.push(...chunk.slice(0, added).map(([cell]) => cell));
      const refused = chunk[added];
      if (!refused) throw error;
      state.userNoteCells.add(refused[0]);
      queue = queue.slice(added + 1);
      if (++skips >= MAX_SKIPS) return; // a sheet full of the user's notes: the summary column has every finding
    }
  }
}

function takeChunk(queue: [string, string][]): [string, string][] {
  let bytes = 0;
  let n = 0;
  while (n < queue.length && (n === 0 || bytes + queue[n]![1].length * 3 + 200 < PAYLOAD_BUDGET)) bytes += queue[n++]![1].length * 3 + 200;
  return queue.slice(0, n);
}
