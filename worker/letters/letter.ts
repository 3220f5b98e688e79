import { CHASE_REASON_ZH, type ChaseItem } from './chase-list.js';
import { chineseDate, type Office } from './office.js';

// A letter's content, apart from its Word form (letter-docx.ts): the robots' notices read it too
// (letter-text.ts), and a module that imports docx is evaluated only when a .docx is asked for.

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
