import { normaliseDeadline, type Campaign, type Deadline, type DeadlineStart } from '../shared/index.js';

/**
 * A stored relative deadline (30日内, 15个工作日内) as the campaign in force counts it: from its
 * 交办 date once the item is assigned (SPEC 12.2: one read before the 交办 counted from the fill
 * date), else from the start it was read with. The core reads its text again, so holidays the
 * campaign wrote since (a year the package lacked) count. Anything else is as the core read it;
 * the same object when nothing moved.
 * @example firmDeadline({ kind: 'relative', text: '30日内', due: '2023-05-24', from: 'fill-date' }, '2023-04-26', c).due === '2023-05-26'
 */
export function firmDeadline(deadline: Deadline, assignedOn: string | null | undefined, campaign: Campaign): Deadline {
  if (deadline.kind !== 'relative') return deadline;
  const start = startOf(deadline, assignedOn);
  if (!start) return deadline;
  const again = normaliseDeadline({ text: deadline.text, date: null }, campaign, start);
  return again.kind !== 'relative' || (again.due === deadline.due && again.from === deadline.from) ? deadline : again;
}

function startOf(deadline: Deadline, assignedOn: string | null | undefined): DeadlineStart | null {
  if (assignedOn) return { assignedOn };
  if (deadline.from === 'fill-date' && deadline.start) return { fillDate: deadline.start };
  if (deadline.from === 'self-check-due') return {};
  return null;
}
