import type { Rng } from './prng.js';

/** Word banks for generated ledger rows: real-looking, varied enough not to read as copies. */
export const COUNTY_UNITS = [
  '城步苗族自治县市场监督管理局', '城步苗族自治县自然资源局', '城步苗族自治县交通运输局', '城步苗族自治县农业农村局',
  '城步苗族自治县城市管理和综合执法局', '城步苗族自治县应急管理局', '城步苗族自治县卫生健康局', '城步苗族自治县林业局',
  '儒林镇', '茅坪镇', '丹口镇', '西岩镇', '白毛坪镇', '长安营镇', '五团镇', '威溪乡', '汀坪乡', '蒋坊乡', '兰蓉乡', '南山镇',
] as const;

const SURNAMES = ['杨', '蓝', '吴', '刘', '陈', '李', '王', '张', '龙', '蒋', '胡', '罗', '唐', '肖', '周', '戴', '谢', '雷'];
const GIVEN = ['建军', '海燕', '光明', '小平', '志强', '春燕', '德胜', '永红', '晓东', '丽', '勇', '敏', '国华', '文', '亮', '芳', '涛', '静', '伟', '红梅'];
const CASES = ['违法建设', '食品安全', '道路运输', '违法占地', '环境污染', '非法采砂', '无证经营', '占道经营', '森林防火', '安全生产', '农药经营', '医疗废物'];
const DOCS = ['现场检查笔录', '询问笔录', '立案审批表', '行政处罚告知书', '送达回证', '听证告知书', '调查终结报告'];
const ACTS = ['载明执法证号', '由当事人签名确认', '经负责人审批', '告知陈述申辩权利', '注明送达日期和方式', '附现场照片'];
const PLACES = ['县城新区', '儒林片区', '南山牧场', '西岩集镇', '丹口圩场', '白云湖库区', '蒋坊集镇', '长安营景区', '威溪河沿线', '汀坪茶园', '工业集中区', '国道G359沿线'];

export const personName = (rng: Rng) => rng.pick(SURNAMES) + rng.pick(GIVEN);

type Template = (rng: Rng) => string;
const n = (rng: Rng, max = 12) => rng.int(2, max);

/** Concrete findings, one template per category (见人见事: time, place, case, number). */
export const FINDINGS: Record<string, Template[]> = {
  执法程序: [
    (r) => `${r.int(2021, 2023)}年${r.int(1, 12)}月在${r.pick(PLACES)}办理的${n(r)}起${r.pick(CASES)}案件，${r.pick(DOCS)}未${r.pick(ACTS)}`,
    (r) => `抽查${r.pick(PLACES)}${r.pick(CASES)}案卷${n(r, 40)}卷，其中${n(r)}卷${r.pick(DOCS)}未${r.pick(ACTS)}`,
  ],
  执法裁量: [
    (r) => `对${r.pick(PLACES)}${n(r)}起${r.pick(CASES)}违法行为的处罚，同类情形罚款金额相差${n(r, 6)}倍，未说明裁量理由`,
    (r) => `${n(r)}起${r.pick(CASES)}案件适用从轻处罚，但决定书未写明从轻情节，涉及${r.pick(PLACES)}${n(r)}户`,
  ],
  执法效率: [
    (r) => `${r.int(1, 3)}月受理的${n(r, 30)}件${r.pick(CASES)}投诉举报，有${n(r)}件超过${r.pick([7, 10, 15, 30])}个工作日未办结`,
    (r) => `${r.pick(PLACES)}${r.pick(CASES)}案件平均办案用时${r.int(35, 90)}天，超过规定时限`,
  ],
  执法理念: [
    (r) => `${r.int(1, 4)}月在${r.pick(PLACES)}开展${r.pick(CASES)}专项检查，对${n(r, 20)}家经营户只罚款、未指导整改`,
    (r) => `对${r.pick(PLACES)}${n(r)}起轻微${r.pick(CASES)}违法行为未适用首违不罚，直接作出罚款决定`,
  ],
  执法廉洁: [
    (r) => `${n(r, 3)}名执法人员在${r.pick(PLACES)}${r.pick(CASES)}检查中接受管理服务对象宴请，已被约谈`,
    (r) => `${r.int(1, 4)}月群众举报${r.pick(CASES)}执法人员“吃拿卡要”${n(r, 4)}次，涉及${r.pick(PLACES)}`,
  ],
};

/**
 * A second clause of independent detail. Joined to a finding it makes two units' rows share a
 * whole sentence only by chance, as in a real aggregate, rather than by the templates' design.
 */
export const DETAILS: Template[] = [
  (r) => `，当事人${r.pick(SURNAMES)}某已申请行政复议`,
  (r) => `，经县司法局${r.int(1, 4)}月案卷评查发现`,
  (r) => `，系群众通过12345热线反映，涉及${r.pick(SURNAMES)}某等${n(r, 6)}户`,
  (r) => `，涉及罚没款${n(r, 30)}万元`,
  (r) => `，相关案卷为城执〔${r.int(2021, 2023)}〕${r.int(1, 300)}号等`,
  (r) => `，${r.pick(SURNAMES)}某等${n(r, 5)}名当事人提出异议`,
  (r) => `，县委巡察组${r.int(3, 5)}月督查时指出`,
  () => '，被市级媒体曝光后才整改',
  (r) => `，其中${n(r, 4)}起已被复议机关纠正`,
  () => '，已被列为县级督办事项',
  (r) => `，${r.pick(PLACES)}群众意见较大`,
  (r) => `，${r.pick(SURNAMES)}某反映后${n(r, 20)}天未答复`,
];

/** Findings too vague to act on; SPEC's description-vague catches them. */
export const VAGUE_FINDINGS = ['执法不够规范', '学习不够深入', '业务能力有待提升', '制度执行不到位', '执法文书制作不规范', '服务意识不强'];

export const CAUSES = ['执法人员程序意识不强', '案卷审核把关不严', '裁量基准不够细化', '人员力量不足，流程衔接不畅', '重处罚轻教育的观念没有扭转', '日常监督不到位', '业务培训不够系统'];
export const MEASURES = [
  '对2022年以来的案卷全面自查，逐卷补正，法制员每月抽查',
  '细化行政处罚裁量基准，同类案件统一裁量并说明理由',
  '建立接报即派单、限时办结和超期预警制度，每周通报',
  '推行说理式执法和首违不罚清单，先教育后处罚',
  '开展警示教育，签订廉洁执法承诺书，执法全过程记录',
  '组织执法人员专题培训并考试，不合格的暂停执法资格',
];
export const EVIDENCE = ['自查台账、补正材料', '培训签到表、考试试卷', '制度文件、会议纪要', '案卷评查报告', '派单记录、通报文件'];
