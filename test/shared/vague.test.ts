import { describe, expect, it } from 'vitest';
import { isVagueDescription, isVagueMeasures } from '../../shared/index.js';

describe('vague text (见人见事)', () => {
  it.each(['执法不规范', '廉洁意识有待加强', '执法人员业务能力有待提升', '个别执法人员服务意识不强，执法方式简单'])('"%s" is a vague description', (t) => {
    expect(isVagueDescription(t)).toBe(true);
  });

  it.each([
    '2023年3月有2起案件未按时送达',
    '三起案件现场检查笔录缺少执法证号记录',
    '“重处罚轻指导”问题在日常执法检查中较为突出',
    '执法人员对《行政处罚法》新规定学习不够深入',
    '部分执法人员对行政处罚自由裁量基准理解不到位导致同类案件处罚尺度不一致',
  ])('"%s" is concrete or long enough', (t) => {
    expect(isVagueDescription(t)).toBe(false);
  });

  it('measures lengths without spaces and punctuation', () => {
    expect(isVagueDescription('执 法 不 规 范 ， 。 ！ ！ ！ ！')).toBe(true);
    expect(isVagueMeasures('加强学习。')).toBe(true);
    expect(isVagueMeasures('组织专题培训两次')).toBe(false);
    expect(isVagueMeasures('')).toBe(false);
  });
});
