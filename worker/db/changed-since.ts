/**
 * A common table `changed` of the items whose state on ?1 may differ from today's: a version
 * stored or withdrawn after ?1, a review event or an extension decided after it (of one unit ?2,
 * when given). Every other item stands today as it stood then: its versions, decisions and
 * extensions are all dated by ?1, and a withdrawn submission never counts, before its withdrawal
 * either (SPEC 12.1). Read once a statement; the test/worker/as-of-changed.test.ts story holds
 * it to rebuilding every item. A withdrawal after the date is listed as a safeguard only: one that
 * changed an item's review state left a review event after it, and one that did not changed
 * nothing then either. `changedSince` names the date and the unit by other parameters (or values).
 */
export const changedSince = (asOf: string, unit: string) => `changed AS MATERIALIZED (
  SELECT item_key FROM item_versions
  WHERE submission_id IN (SELECT id FROM submissions WHERE (submitted_on > ${asOf} OR withdrawn_on > ${asOf}) AND (${unit} IS NULL OR unit_id = ${unit}))
  UNION SELECT item_key FROM reviews WHERE decided_on > ${asOf}
  UNION SELECT item_key FROM extensions WHERE decided_on > ${asOf}
)`;

export const CHANGED = changedSince('?1', '?2');
