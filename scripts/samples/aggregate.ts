import ExcelJS from 'exceljs';
import { addLedgerSheet, day, type LedgerColumn, type SampleRow } from './ledger-sheet.js';
import { CAUSES, COUNTY_UNITS, DETAILS, EVIDENCE, FINDINGS, MEASURES, personName, VAGUE_FINDINGS } from './phrases.js';
import { createRng, type Rng } from './prng.js';

/** The county office's aggregate: one row per item, a 责任单位 column naming its unit. */
const AGGREGATE_COLUMNS: LedgerColumn[] = [
  { header: '序号', field: 'seq', width: 7 },
  { header: '责任单位', field: 'unit', width: 28 },
  { header: '问题来源', field: 'source' },
  { header: '问题类别', field: 'category' },
  { header: '问题描述', field: 'description' },
  { header: '原因分析', field: 'cause' },
  { header: '整改措施', field: 'measures' },
  { header: '责任领导', field: 'leader' },
  { header: '责任人', field: 'person' },
  { header: '整改时限', field: 'deadline' },
  { header: '整改状态', field: 'status' },
  { header: '完成时间', field: 'completedOn' },
  { header: '是否销号', field: 'closedOut' },
  { header: '佐证材料', field: 'evidence' },
];

const OPEN_DEADLINES = ['6月底前', '2023年6月30日前', '年底前', '第三季度', '下半年', '长期坚持', '7月中旬', '2023年9月', '5月31日前'];
const WRITTEN_DEADLINES = [...OPEN_DEADLINES, '立行立改'];
const OPEN = ['整改中', '正在整改', '未整改', '推进中', '部分完成'];
const DONE = ['已完成', '已整改', '已整改到位', '完成'];

function aggregateRow(rng: Rng, unit: string): SampleRow {
  const category = rng.pick(Object.keys(FINDINGS));
  const description = rng.chance(0.06) ? rng.pick(VAGUE_FINDINGS) : rng.pick(FINDINGS[category]!)(rng) + rng.pick(DETAILS)(rng);
  const done = rng.chance(0.45);
  const closed = done && rng.chance(0.4);
  // Mostly due after the inspection; a few in May, so some items are overdue as of late May.
  const deadline = rng.chance(0.35) ? day(2023, rng.chance(0.1) ? 5 : rng.int(6, 12), rng.int(1, 28)) : rng.pick(done ? WRITTEN_DEADLINES : OPEN_DEADLINES);
  return {
    unit,
    source: rng.pick(['自查自纠', '县委巡察', '群众投诉', '案卷评查']),
    category,
    description,
    cause: rng.pick(CAUSES),
    measures: rng.pick(MEASURES),
    leader: personName(rng),
    person: personName(rng),
    deadline,
    status: done ? rng.pick(DONE) : rng.pick(OPEN),
    completedOn: done ? day(2023, rng.int(4, 5), rng.int(1, 28)) : null,
    closedOut: closed ? '已销号' : null,
    evidence: done && rng.chance(0.9) ? rng.pick(EVIDENCE) : null,
  };
}

/**
 * (b) The county aggregate: `rows` items across the 20 units, seeded so it is the same each run.
 * @example await saveDeterministic(aggregateWorkbook(5000), 'test/fixtures/county-aggregate-5000.xlsx')
 */
export function aggregateWorkbook(rows = 5000, seed = 2023): ExcelJS.Workbook {
  const rng = createRng(seed);
  const workbook = new ExcelJS.Workbook();
  addLedgerSheet(workbook, {
    name: '汇总表',
    title: '城步苗族自治县综合行政执法不规范问题整改台账汇总表',
    columns: AGGREGATE_COLUMNS,
    // Grouped by unit, as the office pastes the units' ledgers one below the other.
    rows: Array.from({ length: rows }, (_, i) => aggregateRow(rng, COUNTY_UNITS[Math.floor((i * COUNTY_UNITS.length) / rows)]!)),
    dateFormat: 'yyyy-mm-dd',
  });
  return workbook;
}
