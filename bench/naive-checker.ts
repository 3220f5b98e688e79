// The baseline the CLI is measured against (`npm run bench cli`): a straightforward reader and
// checker of the same SPEC, as one would first write it. ExcelJS readFile and cell.text per
// cell; the header found by whole aliases; one object per row; every per-item check of SPEC 5
// per row with fresh regexes and Sets; duplicates by a Map; near-duplicates by counting shared
// bigrams through a plain inverted index, then each pair's Jaccard. Run as its own process,
// bundled like the CLI, on the same file in the same bench run. Not used by the product; the
// rules it shares with the core (fields and their aliases, statuses, deadlines, timeliness,
// category names) are the core's own, so only the way differs. test/bench/naive-checker.test.ts holds it to the core's findings.
import ExcelJS from 'exceljs';
import { campaignOrDefault, normaliseDeadline, readClosedOut, readStatus, timelinessOf } from '../shared/index.js';
import { parseDayText } from '../shared/day-text.js';
import { normaliseCategory } from '../shared/item-check.js';
import { FIELD_DEF, REQUIRED_FIELDS } from '../shared/fields.js';

// The fields this checker reads, each by the core's aliases (shared/fields.ts), matched whole
// after removing whitespace (the core also takes a header that contains one).
const READ = ['unit', 'category', 'description', 'measures', 'leader', 'person', 'deadline', 'status', 'completedOn', 'closedOut', 'evidence'] as const;
const ALIASES = Object.fromEntries(READ.map((f) => [f, FIELD_DEF.get(f)!.aliases]));
const PUNCT = /[\s\u3000\p{P}\p{S}]+/gu;

type Row = Record<string, string> & { row: string };

function bigrams(compact: string): Set<string> {
  const cs = Array.from(compact);
  const s = new Set<string>();
  for (let i = 0; i + 1 < cs.length; i++) s.add(cs[i]! + cs[i + 1]!);
  return s;
}

/** A cell as text; a date as its ISO day (cell.text would be Date's toString). */
function cellText(cell: ExcelJS.Cell): string {
  return cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text.trim();
}

export async function naiveCheck(file: string, asOf: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const rows: Row[] = [];
  const dates: Record<string, string | null>[] = [];
  let columns: Record<string, number> | null = null;
  ws.eachRow((row, r) => {
    const texts: string[] = [];
    const isDate: boolean[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      texts[c] = cellText(cell);
      isDate[c] = cell.value instanceof Date;
    });
    if (!columns) {
      const found: Record<string, number> = {};
      texts.forEach((t, c) => {
        const label = (t ?? '').replace(/\s+/g, '');
        for (const [f, names] of Object.entries(ALIASES)) if (names.includes(label) && !(f in found)) found[f] = c;
      });
      if ('description' in found && Object.keys(found).length >= 3) columns = found;
      return;
    }
    const item: Row = { row: String(r) };
    const date: Record<string, string | null> = {};
    let filled = 0;
    for (const [f, c] of Object.entries(columns)) {
      item[f] = texts[c] ?? '';
      date[f] = isDate[c] ? texts[c]! : null;
      if (item[f]) filled++;
    }
    if (filled < 2) return;
    rows.push(item);
    dates.push(date);
  });
  const campaign = campaignOrDefault();
  const has = (f: string) => columns !== null && f in columns;
  const seen = new Map<string, string>();
  const items = rows.map((it, i) => {
    const diagnostics: { code: string; message: string }[] = [];
    for (const f of REQUIRED_FIELDS) if (has(f) && !it[f]) diagnostics.push({ code: 'required-empty', message: `第${it.row}行${f}为空` });
    if (it.category && !campaign.categories.map(normaliseCategory).includes(normaliseCategory(it.category))) diagnostics.push({ code: 'category-invalid', message: `类别“${it.category}”不在清单中` });
    const deadline = normaliseDeadline({ text: it.deadline ?? '', date: dates[i]!.deadline ?? null }, campaign);
    if (deadline.kind === 'invalid') diagnostics.push({ code: 'deadline-invalid', message: `整改时限“${it.deadline}”无法识别` });
    const reading = readStatus(it.status ?? '');
    if (has('status') && !reading) diagnostics.push({ code: 'status-empty', message: '整改状态为空' });
    if (reading?.status === 'unknown') diagnostics.push({ code: 'status-invalid', message: `整改状态“${it.status}”无法识别` });
    let status = reading?.status ?? 'in_progress';
    let closed = reading?.closed ?? false;
    if (it.closedOut && readClosedOut(it.closedOut)) {
      if (status === 'completed') closed = true;
      else diagnostics.push({ code: 'closed-not-completed', message: '已销号但未完成' });
    }
    if (closed) status = 'closed_out';
    const done = status === 'completed' || status === 'closed_out';
    const completedOn = it.completedOn ? (dates[i]!.completedOn ?? parseDayText(it.completedOn, campaign.year) ?? undefined) : undefined;
    const noEvidence = has('evidence') && !it.evidence;
    if (closed && noEvidence) diagnostics.push({ code: 'closed-without-evidence', message: '已销号但无佐证材料' });
    if (done && !closed && noEvidence) diagnostics.push({ code: 'completed-without-evidence', message: '已完成但无佐证材料' });
    if (done && has('completedOn') && !it.completedOn) diagnostics.push({ code: 'completed-without-date', message: '已完成但无完成时间' });
    if (done && completedOn && completedOn > asOf) diagnostics.push({ code: 'completed-in-future', message: '完成时间晚于检查日' });
    const timeliness = timelinessOf(deadline, status, done ? completedOn : undefined, asOf, campaign);
    if (timeliness.state === 'overdue') diagnostics.push({ code: 'overdue', message: `已逾期${timeliness.daysOverdue}天` });
    const description = it.description ?? '';
    const compact = description.replace(PUNCT, '');
    const length = Array.from(compact).length;
    const concrete = /[0-9“”《》〔〕]|[一二三四五六七八九十百千万两]+[起件次人份家个卷处项天宗户]/.test(description);
    if (compact && (length < 10 || (length < 30 && !concrete))) diagnostics.push({ code: 'description-vague', message: '问题描述过于笼统' });
    const measures = (it.measures ?? '').replace(PUNCT, '');
    if (measures && Array.from(measures).length < 8) diagnostics.push({ code: 'measures-vague', message: '整改措施过于笼统' });
    if (compact) {
      // An aggregate holds each unit's ledger: a duplicate is within a unit.
      const key = `${it.unit ?? ''}\u0000${compact}`;
      const earlier = seen.get(key);
      if (earlier) diagnostics.push({ code: 'duplicate-item', message: `与第${earlier}行的问题描述相同` });
      else seen.set(key, it.row);
    }
    return { ...it, deadline, status, timeliness, diagnostics };
  });
  // Near-duplicates between units: candidates from shared bigrams, then the exact Jaccard; the best match.
  const sets = rows.map((it) => {
    const compact = (it.description ?? '').replace(PUNCT, '');
    return Array.from(compact).length >= 10 ? bigrams(compact) : null;
  });
  const index = new Map<string, number[]>();
  sets.forEach((s, i) => s?.forEach((g) => (index.get(g) ?? index.set(g, []).get(g)!).push(i)));
  sets.forEach((s, i) => {
    if (!s) return;
    const shared = new Map<number, number>();
    for (const g of s) for (const j of index.get(g)!) if (rows[j]!.unit !== rows[i]!.unit) shared.set(j, (shared.get(j) ?? 0) + 1);
    let best = -1;
    let other = -1;
    for (const [j, inter] of shared) {
      const similarity = inter / (s.size + sets[j]!.size - inter);
      if (similarity >= campaign.nearDuplicateThreshold && (similarity > best || (similarity === best && j < other))) {
        best = similarity;
        other = j;
      }
    }
    if (other >= 0) items[i]!.diagnostics.push({ code: 'near-duplicate', message: `与第${rows[other]!.row}行雷同（${best.toFixed(2)}）` });
  });
  return { items, errors: items.reduce((n, it) => n + it.diagnostics.length, 0) };
}

// Run as the bench's process (dist/bench-naive-checker.js): not when a test imports it.
if (process.argv[1]?.endsWith('bench-naive-checker.js') && process.argv[2]) {
  const report = await naiveCheck(process.argv[2], process.argv[3] ?? '2023-05-29');
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
