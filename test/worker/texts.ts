// Test ledger texts: pure, so Node scripts can use them too.

const WHO = ['执法大队', '综合执法中队', '法制股', '市场监管所', '城管执法组', '安监站', '国土所', '林业站', '农业执法队', '交通运输执法所', '文旅执法组', '卫健监督所'];
const DID = ['办理行政处罚案件时', '开展日常巡查时', '查处无证经营时', '处理群众投诉时', '实施查封扣押时', '送达执法文书时', '组织听证时', '进行现场勘验时', '办理简易程序案件时', '开展联合执法时', '调查取证时'];
const WRONG = ['未出示执法证件', '未告知陈述申辩权利', '笔录缺少当事人签字', '超期送达决定书', '罚款未适用裁量基准', '证据照片未标注时间', '未履行法制审核', '扣押物品未开具清单', '对同类违法处罚畸轻畸重', '案卷装订不规范且缺少目录'];

const WHERE = ['城区农贸市场', '307国道沿线', '南山牧场', '县城东门口', '茅坪集镇', '沿河风光带', '工业园区', '汽车站周边', '老街片区', '学校周边', '高铁站广场', '苗香街'];

function mix(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Concrete descriptions (digits make them concrete) that differ between units and numbers
 * enough never to be near-duplicates by accident.
 * @example concrete('儒林镇', 1) // '法制股在2023年3月查处无证经营时…共5起'
 */
export function concrete(unit: string, n: number): string {
  const h = mix(`${unit}#${n}`);
  const pick = <T>(list: T[], shift: number) => list[(h >>> shift) % list.length]!;
  const h2 = mix(`${n}@${unit}`);
  return `${pick(WHO, 0)}${(h % 4) + 1}月${(h2 % 28) + 1}日在${WHERE[h2 % WHERE.length]}${pick(DID, 7)}${pick(WRONG, 13)}，${pick(WHO, 19)}复核发现${WRONG[(h2 >>> 8) % WRONG.length]}，共${n + (h % 9) + 1}起`;
}
