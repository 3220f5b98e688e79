import { isoToSerial, type CellValue, type Grid } from '../shared/index.js';

/** A seeded PRNG (mulberry32): the same rows every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAME_CHARS = '东西南北上下新老白石水山河林田江湖桥岭坪岩团口溪塘坡冲湾洞寨峰竹松桂兰云龙凤安平宁康丰茂兴隆盛和顺福寿长清明阳春华泰';
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const SUBJECTS = ['执法人员', '综合执法大队', '法制股', '市场监管所', '城管中队', '安监站', '国土所', '环保站', '林业站', '交通运输执法队'];
/** What went wrong, as units word it: an object and a defect, so findings vary like real ones. */
const OBJECTS = [
  '现场检查笔录', '询问笔录', '行政处罚决定书', '送达回证', '罚没款票据', '投诉举报登记', '立案审批表', '案件调查终结报告',
  '执法记录仪视频', '证据先行登记保存清单', '听证告知书', '陈述申辩笔录', '自由裁量说明', '涉企检查报备单', '结案报告',
  '行政强制措施决定书', '责令改正通知书', '抽样检验报告', '案卷目录', '执法证件', '巡查日志', '违建台账', '占道经营登记',
  '噪声监测记录', '超限运输称重单', '首错免罚清单', '法制审核意见书', '集体讨论记录', '移送函', '复议答复书',
];
const DEFECTS = [
  '未载明执法证号', '缺少当事人签名', '未开具统一票据', '超过法定时限', '未及时制止', '超过归档期限', '未告知陈述申辩权利',
  '未说明裁量理由', '未全程记录', '由一名执法人员制作', '先处罚后补立案', '处罚尺度不一致', '整治后反复回潮', '处置不及时',
  '未录入执法平台', '未落实到位', '未按规定报备', '文书填写不规范', '证据不充分', '适用法律条款错误',
];
const DEADLINES = ['2023年6月30日前', '6月底前', '年底前', '立行立改', '长期坚持', '第三季度', '2023年4月30日', '尽快', '5月31日前', '下半年'];
const STATUSES = ['整改中', '已完成', '未整改', '已销号', '否', '是', ''];
const CATEGORIES = ['执法理念', '执法程序', '执法裁量', '执法廉洁', '执法效率', '执法态度'];

/** A finding as units write them: who, where, when, what, how many — names and numbers vary. */
function finding(next: () => number, varied = true): string {
  const pick = <T>(xs: readonly T[] | string) => xs[Math.floor(next() * xs.length)]!;
  const place = `${pick(NAME_CHARS)}${pick(NAME_CHARS)}${pick(['村', '社区', '街', '路', '市场', '工地'])}`;
  const who = `${pick(SURNAMES)}某${pick(['', '某'])}`;
  const month = Math.floor(next() * 12) + 1;
  const n = Math.floor(next() * 30) + 1;
  const doc = `〔2023〕${Math.floor(next() * 300) + 1}号`;
  const what = `${pick(OBJECTS)}${pick(DEFECTS)}`;
  const skeletons = [
    () => `${pick(SUBJECTS)}${who}在${place}${pick(['检查', '巡查', '办案', '处置投诉'])}中，2023年${month}月有${n}起${what}，涉及${doc}等案卷`,
    () => `${month}月抽查${place}相关案卷${n}卷，发现${what}，经办人${who}`,
    () => `${place}${pick(['违建', '占道', '噪声', '扬尘', '油烟'])}问题整治中，${pick(SUBJECTS)}${what}，群众投诉${n}次`,
    () => `《${doc}处罚决定书》${what}，${who}负责的${n}件同类案件也存在此问题`,
    () => `今年以来${pick(SUBJECTS)}办理的${n}起案件中，${place}等地${what}，${month}月专项检查时发现`,
    () => `${who}${month}月${pick(['值班', '巡查', '执法'])}时${what}，造成${place}${n}户群众反映强烈`,
  ];
  const skeleton = varied ? skeletons[Math.floor(next() * skeletons.length)]! : skeletons[0]!;
  return skeleton();
}

/** A county aggregate ledger of `rows` items with a 责任单位 column across `units` units. */
export function aggregateGrid(rows: number, units: number, seed = 1): Grid {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const header = ['序号', '责任单位', '问题类别', '问题描述', '原因分析', '整改措施', '责任领导', '责任人', '整改时限', '整改状态', '完成时间', '佐证材料'];
  const values: CellValue[][] = [header];
  const formats: (string | null)[][] = [header.map(() => null)];
  for (let i = 1; i <= rows; i++) {
    const unit = `第${(i % units) + 1}乡镇`;
    const status = pick(STATUSES);
    const done = status === '已完成' || status === '已销号' || status === '是';
    const n = Math.floor(next() * 50) + 1;
    values.push([
      i, unit, pick(CATEGORIES),
      next() < 0.1 ? '执法不规范' : finding(next),
      '制度执行不严', next() < 0.2 ? '加强学习' : `开展专项整治，每周巡查${n % 5 + 1}次，建立台账逐项销号`,
      '张志强', next() < 0.02 ? null : '杨帆', pick(DEADLINES), status || null,
      done && next() < 0.9 ? isoToSerial('2023-05-10') : null, done && next() < 0.7 ? '整改报告' : null,
    ]);
    formats.push([null, null, null, null, null, null, null, null, null, null, 'yyyy"年"m"月"d"日"', null]);
  }
  return { sheet: '全县汇总', top: 1, left: 1, values, formats };
}

/**
 * `count` descriptions across `units` units; about 1 in 50 is a lightly edited copy of another
 * unit's. `varied: false` writes every finding on one sentence skeleton (the worst case).
 */
export function descriptions(count: number, units: number, seed = 7, varied = true): { id: number; unit: string; text: string }[] {
  const next = rng(seed);
  const out: { id: number; unit: string; text: string }[] = [];
  for (let id = 0; id < count; id++) {
    const unit = `U${id % units}`;
    if (id > 10 && next() < 0.02) {
      const src = out[Math.floor(next() * out.length)]!;
      out.push({ id, unit, text: src.text.replace(/\d+/, String(Math.floor(next() * 9) + 1)) });
      continue;
    }
    out.push({ id, unit, text: finding(next, varied) });
  }
  return out;
}
