import { timelinessOf, type Campaign, type DeadlineKind, type Status, type Timeliness } from '../shared/index.js';

interface Dated {
  deadlineKind: DeadlineKind;
  due: string | null;
  status: Status;
  completedOn: string | null;
}

/**
 * The core's timelinessOf for many items as of one date, memoised on the inputs that matter:
 * a county's items share few distinct (deadline, status, completion) combinations, so the
 * summary over 100,000 items calls the rule a few thousand times, not 100,000.
 * @example const of = timelinessAsOf(campaign, '2023-05-29'); of(item).state
 */
export function timelinessAsOf(campaign: Campaign, asOf: string): (item: Dated) => Timeliness {
  const memo = new Map<string, Timeliness>();
  return (item) => {
    const id = `${item.deadlineKind}|${item.due ?? ''}|${item.status}|${item.completedOn ?? ''}`;
    let t = memo.get(id);
    if (!t) {
      t = timelinessOf({ kind: item.deadlineKind, due: item.due ?? undefined }, item.status, item.completedOn ?? undefined, asOf, campaign);
      memo.set(id, t);
    }
    return t;
  };
}
