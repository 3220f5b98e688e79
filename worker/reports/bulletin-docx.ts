import { Paragraph } from 'docx';
import { ChartRun } from 'docx/charts';
import { FONT, heading, officialDocument, packOfficial, para, table, title } from '../letters/docx-parts.js';
import { chineseDate } from '../letters/office.js';
import { headlineText, percent, type Bulletin } from './bulletin.js';
import { namedClosing, noStageText } from './bulletin-text.js';
import { unitAxisLabels } from '../../shared/index.js';

const CHART_TITLE = '各单位整改事项时效情况';

/** The chart in words: each unit's items by timeliness. */
function chartDescription(b: Bulletin): string {
  const units = b.chart.units.map((u, i) => `${u}${b.chart.series.map((s) => `${s.name}${s.values[i] ?? 0}项`).join('、')}`);
  return `${CHART_TITLE}（堆积柱形图）：${units.join('；')}。`;
}

/**
 * The bulletin as a Word document: title, the stage in force, headline figures, the per-unit
 * table, rounds of 会诊, the units to name, and the chart of items by unit and timeliness as a
 * native Word chart (stacked columns; Word and WPS draw it, with its data kept in the file).
 */
export async function bulletinDocx(b: Bulletin): Promise<Uint8Array<ArrayBuffer>> {
  const children: (Paragraph | ReturnType<typeof table>)[] = [
    title(b.title),
    para(b.stage ? `当前阶段：${b.stage.name}（${chineseDate(b.stage.from)}至${chineseDate(b.stage.to)}）` : `当前阶段：${noStageText(b)}`, { align: 'center', indent: false }),
    heading('一、总体情况'),
    para(headlineText(b)),
  ];
  if (b.chart.units.length) {
    // Its own line height: the document's lines are exact, which would cut the chart to one line.
    children.push(new Paragraph({
      spacing: { line: 240, lineRule: 'auto' },
      children: [new ChartRun({
        type: 'column',
        title: { text: CHART_TITLE },
        // The county's own name dropped on the axis (unitAxisLabels): the table below names each unit whole.
        categories: unitAxisLabels(b.chart.units),
        series: b.chart.series.map((s) => ({ name: s.name, values: s.values, color: s.color })),
        stacking: 'stacked',
        font: { name: FONT.body },
        legend: { position: 'bottom' },
        transformation: { width: 600, height: 340 },
        // Read out by screen readers (docx's own description is in English).
        altText: { name: CHART_TITLE, description: chartDescription(b) },
      })],
    }));
  }
  children.push(
    heading('二、各单位情况'),
    table(
      ['单位', '报送', '事项', '销号率', '逾期', '重点关注及原因'],
      b.units.map((u) => [u.unit, u.submissionText, u.items, percent(u.closeOutRate), u.overdue, u.keyAttention ? `是：${u.reasons.join('；')}` : '']),
      [25, 12, 8, 11, 8, 36],
    ),
    heading('三、会诊情况'),
  );
  if (b.rounds.length) {
    children.push(table(['轮次', '会诊日期', '会诊事项', '交办', '退回完善', '销号'], b.rounds.map((r) => [r.title, r.heldOn, r.decided, r.assigned, r.returned, r.closedOut])));
  } else {
    children.push(para('截至通报日尚未组织会诊。'));
  }
  children.push(heading('四、需要点名通报的单位'));
  if (b.named.length) {
    for (const [i, n] of b.named.entries()) children.push(para(`${i + 1}. ${n.unit}：${n.reasons.join('；')}。`));
    children.push(para(namedClosing(b)));
  } else {
    children.push(para('截至通报日，没有需要点名通报的单位。'));
  }
  children.push(new Paragraph({ children: [] }), para(b.office.name, { align: 'right', indent: false }), para(chineseDate(b.asOf), { align: 'right', indent: false }));
  const doc = officialDocument({ office: b.office.name, title: b.title, children });
  return packOfficial(doc);
}
