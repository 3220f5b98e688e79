import type { ReviewDecision, ReviewState } from '../shared/schema/api.js';

/**
 * The review workflow (会诊, SPEC section 9) as data: which states each county decision may
 * leave, and where it leads. returned → revised is the server's own step when a newer version
 * of a returned item arrives; closed_out is final.
 *
 *   pending ─assign→ assigned ─close_out→ closed_out
 *      │  └─return→ returned ─(new version)→ revised ─assign/return/close_out→ …
 */
export const TRANSITIONS: Record<ReviewDecision, { from: readonly ReviewState[]; to: ReviewState }> = {
  assign: { from: ['pending', 'revised'], to: 'assigned' },
  return: { from: ['pending', 'revised', 'assigned'], to: 'returned' },
  close_out: { from: ['pending', 'assigned', 'revised'], to: 'closed_out' },
};

/** Close-out (销号) verifies completion: only a completed item with evidence qualifies. */
export function closeOutBlocker(status: string, hasEvidence: boolean): string | null {
  if (status !== 'completed' && status !== 'closed_out') return `the item is ${status}, not completed`;
  if (!hasEvidence) return 'the item has no evidence';
  return null;
}
