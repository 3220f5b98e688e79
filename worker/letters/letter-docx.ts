import { Document, Packer, Paragraph } from 'docx';
import { CHASE_REASON_ZH, type ChaseItem, type ChaseReason } from './chase-list.js';
import { A4_PAGE, DOC_STYLES, letterhead, para, table, title } from './docx-parts.js';
import { chineseDate, type Office } from './office.js';

export type LetterKind = 'reminder' | 'notice';

export interface Letter {
  kind: LetterKind;
  unit: string;
  asOf: string;
  replyBy: string;
  office: Office;
  campaignName: string;
  items: ChaseItem[];
}

const TITLE: Record<LetterKind, string> = { reminder: '催 办 函', notice: '工 作 提 示' };
const DAYS: Record<ChaseReason, (d: number) => string> = {
  overdue: (d) => `逾期${d}天`,
  returned: (d) => `退回${d}天`,
  'review-overdue': (d) => `超期${d}天`,
};

/** The letter's body text, paragraph by paragraph (also the robot notice's text, see letter-text). */
export function letterParagraphs(l: Letter): { opening: string; todo: string[] } {
  const asOf = chineseDate(l.asOf);
  const reply = chineseDate(l.replyBy);
  const counts = (['overdue', 'returned', 'review-overdue'] as const)
    .map((r) => [r, new Set(l.items.filter((i) => i.reason === r).map((i) => i.key)).size] as const)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${CHASE_REASON_ZH[r]}${n}项`);
  const opening = counts.length
    ? `根据${l.campaignName}工作安排，截至${asOf}，你单位整改台账中${counts.join('，')}，具体如下：`
    : `根据${l.campaignName}工作安排，截至${asOf}，你单位暂无逾期、退回或待会诊超期的整改事项，请继续按时推进整改。`;
  const todo = l.kind === 'reminder'
    ? [
      `请你单位高度重视，于${reply}前完成上述事项的整改，更新整改台账并上传佐证材料，逐项书面反馈整改情况；确因客观原因不能按期完成的，须说明理由并提出延期申请。`,
      '逾期仍未整改到位的，将按程序予以通报、约谈。',
    ]
    : [`请你单位对照上述事项抓紧整改，于${reply}前更新整改台账并报送县巡察办，做到见人见事、整改到位。`];
  return { opening, todo };
}

/** The 催办函 / 工作提示 as a Word document (.docx bytes). */
export async function letterDocx(l: Letter): Promise<Uint8Array<ArrayBuffer>> {
  const { opening, todo } = letterParagraphs(l);
  const children: (Paragraph | ReturnType<typeof table>)[] = [
    letterhead(l.office.letterhead),
    title(TITLE[l.kind]),
    para(`${l.unit}：`, { indent: false }),
    para(opening),
  ];
  if (l.items.length) {
    children.push(table(
      ['序号', '事项编号', '问题描述', '整改时限', '情况'],
      l.items.map((it, i) => [i + 1, it.key, it.description, it.due ?? '—', `${CHASE_REASON_ZH[it.reason]}（${DAYS[it.reason](it.days)}）`]),
      [8, 18, 44, 14, 16],
    ));
  }
  for (const t of todo) children.push(para(t));
  children.push(new Paragraph({ children: [] }), para(l.office.name, { align: 'right', indent: false }), para(chineseDate(l.asOf), { align: 'right', indent: false }));
  const doc = new Document({
    creator: l.office.name,
    title: `${l.unit}${TITLE[l.kind].replaceAll(' ', '')}`,
    styles: DOC_STYLES,
    sections: [{ properties: { page: A4_PAGE }, children }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
