import { CHASE_REASON_ZH, type ChaseItem, type ChaseReason } from './chase-list.js';
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

const DAYS: Record<ChaseReason, (d: number) => string> = {
  overdue: (d) => `逾期${d}天`,
  returned: (d) => `退回${d}天`,
  'review-overdue': (d) => `会诊超期${d}天`,
};

/**
 * What the letter says of an item: each reason with its days, e.g. 逾期未完成整改（逾期30天）；已报送，
 * 待县巡察办会诊（会诊超期5天）, a return with the office's comment (退回8天；意见：请写明涉及案件的文号).
 */
export function chaseStateText(it: ChaseItem): string {
  const said = (r: ChaseItem['reasons'][number]) => (r.reason === 'returned' && it.comment ? `${DAYS[r.reason](r.days)}；意见：${it.comment}` : DAYS[r.reason](r.days));
  return it.reasons.map((r) => `${CHASE_REASON_ZH[r.reason]}（${said(r)}）`).join('；');
}

/** The reasons a unit has to act on (an item awaiting the office's review is the office's to decide), as the letter names them. */
const UNIT_ACTS_ON = ['overdue', 'returned'] as const;
const ACTION_ZH: Record<(typeof UNIT_ACTS_ON)[number], string> = { overdue: '逾期', returned: '退回完善' };

/**
 * The letter's body text, paragraph by paragraph (also the robot notice's text, see letter-text).
 * Each item is counted once, by its most pressing reason, so the counts add up to the rows; the
 * unit is asked to act only on what is its to do, and a letter with nothing of the unit's to chase
 * warns of nothing (its reply date stays: the ledger updated by then).
 */
export function letterParagraphs(l: Letter): { opening: string; todo: string[] } {
  const asOf = chineseDate(l.asOf);
  const reply = chineseDate(l.replyBy);
  const counted = (r: ChaseReason) => l.items.filter((i) => i.reasons[0]!.reason === r).length;
  const acted = UNIT_ACTS_ON.filter((r) => counted(r) > 0);
  const waiting = counted('review-overdue');
  const head = `根据${l.campaignName}工作安排，截至${asOf}，`;
  const keepOn = `请你单位继续按时推进整改，于${reply}前更新整改台账并报送县巡察办。`;
  if (!acted.length) {
    if (!waiting) return { opening: `${head}你单位暂无逾期、退回或待会诊超期的整改事项。`, todo: [keepOn] };
    return {
      opening: `${head}你单位暂无逾期或退回完善未改的整改事项；已报送的${waiting}项正待县巡察办会诊（会诊已超过规定期限），具体如下：`,
      todo: [`上述事项的会诊意见将另行反馈。${keepOn}`],
    };
  }
  const counts = acted.map((r) => `${CHASE_REASON_ZH[r]}${counted(r)}项`).join('，');
  const opening = `${head}你单位整改台账中${counts}${waiting ? `；另有${waiting}项已报送，待县巡察办会诊` : ''}，具体如下：`;
  const what = acted.map((r) => ACTION_ZH[r]).join('、');
  const todo = l.kind === 'reminder'
    ? [
      `请你单位高度重视，于${reply}前完成上述${what}事项的整改，更新整改台账并上传佐证材料，逐项书面反馈整改情况；确因客观原因不能按期完成的，须说明理由并提出延期申请。`,
      '逾期仍未整改到位的，将按程序予以通报、约谈。',
    ]
    : [`请你单位对照上述${what}事项抓紧整改，于${reply}前更新整改台账并报送县巡察办，做到见人见事、整改到位。`];
  return { opening, todo };
}
