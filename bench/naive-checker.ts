// The baseline the CLI is measured against (`npm run bench cli`): a straightforward reader and
// checker of the same SPEC, as one would first write it. ExcelJS readFile and cell.text per
// cell; one object per row; every check per row with fresh regexes and Sets; near-duplicates
// by counting shared bigrams through a plain inverted index. Run as its own process, bundled
// like the CLI, on the same file in the same bench run. Not used by the product.
import ExcelJS from 'exceljs';
import { campaignOrDefault, normaliseDeadline, readStatus, timelinessOf } from '../shared/index.js';

const HEADER: Record<string, RegExp> = {
  seq: /^序号$/, unit: /责任单位|单位/, category: /问题类别|类别/, description: /问题描述|问题/, measures: /整改措施/,
  leader: /责任领导/, person: /责任人/, deadline: /整改时限|时限/, status: /整改状态|状态/, completedOn: /完成时间/, evidence: /佐证材料/,
};

function bigrams(text: string): Set<string> {
  const cs = Array.from(text.replace(/[\s\u3000\p{P}\p{S}]+/gu, ''));
  const s = new Set<string>();
  for (let i = 0; i + 1 < cs.length; i++) s.add(cs[i]! + cs[i + 1]!);
  return s;
}

export async function naiveCheck(file: string, asOf: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const rows: Record<string, string>[] = [];
  let columns: Record<string, number> | null = null;
  ws.eachRow((row, r) => {
    const texts: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => void (texts[c] = cell.text.trim()));
    if (!columns) {
      const found: Record<string, number> = {};
      texts.forEach((t, c) => {
        for (const [f, re] of Object.entries(HEADER)) if (t && re.test(t) && !(f in found)) found[f] = c;
      });
      if ('description' in found && 'deadline' in found) columns = found;
      return;
    }
    const item: Record<string, string> = { row: String(r) };
    for (const [f, c] of Object.entries(columns)) item[f] = texts[c] ?? '';
    rows.push(item);
  });
  const campaign = campaignOrDefault();
  const items = rows.map((it) => {
    const diagnostics: { code: string; message: string }[] = [];
    for (const f of ['description', 'measures', 'person', 'deadline', 'status']) if (!it[f]) diagnostics.push({ code: 'required-empty', message: `第${it.row}行${f}为空` });
    if (it.category && !campaign.categories.includes(it.category)) diagnostics.push({ code: 'category-invalid', message: `类别“${it.category}”不在清单中` });
    const deadline = normaliseDeadline({ text: it.deadline ?? '', date: null }, campaign);
    const status = readStatus(it.status ?? '')?.status ?? 'in_progress';
    const timeliness = timelinessOf(deadline, status, undefined, asOf, campaign);
    if (timeliness.state === 'overdue') diagnostics.push({ code: 'overdue', message: `已逾期${timeliness.daysOverdue}天` });
    const compact = (it.description ?? '').replace(/[\s\u3000\p{P}\p{S}]+/gu, '');
    if (compact && (compact.length < 10 || (compact.length < 30 && !/[0-9“”《》〔〕]/.test(compact)))) diagnostics.push({ code: 'description-vague', message: '问题描述过于笼统' });
    return { ...it, deadline, status, timeliness, diagnostics };
  });
  // Near-duplicates between units: candidates from shared bigrams, then the exact Jaccard.
  const sets = rows.map((it) => bigrams(it.description ?? ''));
  const index = new Map<string, number[]>();
  sets.forEach((s, i) => s.forEach((g) => (index.get(g) ?? index.set(g, []).get(g)!).push(i)));
  sets.forEach((s, i) => {
    if (s.size < 9) return;
    const shared = new Map<number, number>();
    for (const g of s) for (const j of index.get(g)!) if (j !== i && rows[j]!.unit !== rows[i]!.unit) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, inter] of shared) {
      if (inter / (s.size + sets[j]!.size - inter) >= campaign.nearDuplicateThreshold) {
        items[i]!.diagnostics.push({ code: 'near-duplicate', message: `与第${rows[j]!.row}行雷同` });
        break;
      }
    }
  });
  return { items, errors: items.reduce((n, it) => n + it.diagnostics.length, 0) };
}

if (process.argv[2]) {
  const report = await naiveCheck(process.argv[2], process.argv[3] ?? '2023-05-29');
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
