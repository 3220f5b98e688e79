// The Worker's JSON work before a 10,000-item store, in Node (CPU time, interleaved): the rows cut
// into chunks (worker/db/json-chunks.ts) beside the way before, each row stringified and measured alone.
import { campaignOrDefault, checkWorkbooks } from '../shared/index.js';
import { jsonChunks, utf8Length } from '../worker/db/json-chunks.js';
import { encodeItem, TextTable } from '../worker/db/item-codec.js';
import { versionsOf } from '../worker/submit.js';
import { aggregateGrid } from './ledger-gen.js';
import { median, report } from './measure.js';

function rowByRow(rows: readonly unknown[]): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let length = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    const bytes = utf8Length(json);
    if (length + bytes + 1 > 1_800_000 && parts.length) {
      chunks.push(`[${parts.join(',')}]`);
      parts = [];
      length = 2;
    }
    parts.push(json);
    length += bytes + 1;
  }
  if (parts.length) chunks.push(`[${parts.join(',')}]`);
  return chunks;
}

const cpuOf = (fn: () => unknown): number => {
  const c = process.cpuUsage();
  fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
};

export function storeBuild(load: string): void {
  const checked = checkWorkbooks([{ file: 'bench.xlsx', sheets: [aggregateGrid(10_000, 1, 11)] }], { campaign: campaignOrDefault(), asOf: '2023-04-24', unit: '第1乡镇' });
  const texts = new TextTable();
  // The version rows as submissionStatements makes them (worker/db/submissions.ts).
  const rows = versionsOf(checked).map((v) => [v.item.key, v.ord, v.sheetIndex, v.sheet, v.item.row, v.item.fields.category ?? '', v.item.fields.description ?? '',
    v.item.deadline.kind, v.item.deadline.due ?? null, v.item.status, v.item.completedOn ?? null, v.item.timeliness.state, v.vague ? 1 : 0, v.hasEvidence ? 1 : 0,
    encodeItem(v.item, v.sheet, 'bench.xlsx', texts)]);
  if (jsonChunks(rows).join('|') !== rowByRow(rows).join('|')) throw new Error('the two ways cut differently');
  const ms: Record<'groups' | 'rows', number[]> = { groups: [], rows: [] };
  for (let i = 0; i < 9; i++) {
    ms.groups.push(cpuOf(() => jsonChunks(rows)));
    ms.rows.push(cpuOf(() => rowByRow(rows)));
  }
  report('… its 10,000 version rows cut into JSON chunks', median(ms.groups), undefined,
    `CPU, Node, median of 9, load ${load}: 64 rows stringified and measured at once; the same chunks`);
  report('… the same, each row stringified and measured alone (before)', median(ms.rows), undefined, `interleaved; ${(median(ms.rows) / median(ms.groups)).toFixed(1)}× the new way`);
}
