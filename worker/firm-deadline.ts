import { normaliseDeadline, type Campaign, type Deadline } from '../shared/index.js';

/**
 * A stored deadline as it stands once the item is assigned: a relative one (30日内,
 * 15个工作日内) read before the 交办 counted from the fill date; the core reads its text again
 * with the 交办 date as its start (SPEC 12.2). Anything else is as the core read it.
 * @example firmDeadline({ kind: 'relative', text: '30日内', due: '2023-05-24', from: 'fill-date' }, '2023-04-26', c).due === '2023-05-26'
 */
export function firmDeadline(deadline: Deadline, assignedOn: string | null | undefined, campaign: Campaign): Deadline {
  if (deadline.kind !== 'relative' || !assignedOn || deadline.from === 'assigned') return deadline;
  return normaliseDeadline({ text: deadline.text, date: null }, campaign, { assignedOn });
}
