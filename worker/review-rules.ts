import type { ReviewDecision, ReviewState } from '../shared/schema/api.js';

/**
 * The review workflow (会诊, SPEC section 9) as data: which states each county decision may
 * leave, and where it leads. returned → revised is the server's own step when a newer version
 * of a returned item changes its content; closed_out ends it unless the office reopens it (回头看).
 *
 *   pending ─assign→ assigned ─close_out→ closed_out ─reopen (回头看)→ reopened (awaits the office like pending)
 *      │  └─return→ returned ─(changed version)→ revised ─assign/return/close_out→ …
 */
export const TRANSITIONS: Record<ReviewDecision, { from: readonly ReviewState[]; to: ReviewState }> = {
  assign: { from: ['pending', 'revised', 'reopened'], to: 'assigned' },
  return: { from: ['pending', 'revised', 'assigned', 'reopened'], to: 'returned' },
  close_out: { from: ['pending', 'assigned', 'revised', 'reopened'], to: 'closed_out' },
  reopen: { from: ['closed_out'], to: 'reopened' },
};

/** Close-out (销号) verifies completion: only a completed item with evidence qualifies. */
export function closeOutBlocker(status: string, hasEvidence: boolean): string | null {
  if (status !== 'completed' && status !== 'closed_out') return `the item is ${status}, not completed`;
  if (!hasEvidence) return 'the item has no evidence';
  return null;
}
