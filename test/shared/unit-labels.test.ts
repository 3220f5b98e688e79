import { describe, expect, it } from 'vitest';
import { unitAxisLabels } from '../../shared/index.js';

// A chart of units reads badly when most names start with the county's own name (城步苗族自治县
// 农业农村局, 城步苗族自治县林业局 …): on the axis that prefix is dropped, the rest kept whole.
describe('unit names on a chart axis', () => {
  it('drops the county prefix most names share, keeping the towns as they are', () => {
    expect(unitAxisLabels(['城步苗族自治县农业农村局', '城步苗族自治县林业局', '丹口镇', '城步苗族自治县卫生健康局', '西岩镇']))
      .toEqual(['农业农村局', '林业局', '丹口镇', '卫生健康局', '西岩镇']);
  });

  it('keeps names as they are when no prefix is shared by at least half of them (and two)', () => {
    expect(unitAxisLabels(['城步苗族自治县农业农村局', '丹口镇', '西岩镇', '南山镇'])).toEqual(['城步苗族自治县农业农村局', '丹口镇', '西岩镇', '南山镇']);
    expect(unitAxisLabels(['城步苗族自治县农业农村局'])).toEqual(['城步苗族自治县农业农村局']);
    expect(unitAxisLabels([])).toEqual([]);
  });

  it('a city’s 区 and 市 prefixes too, and never a prefix that would leave under two characters or two names alike', () => {
    expect(unitAxisLabels(['邵阳市大祥区教育局', '邵阳市大祥区财政局', '邵阳市大祥区城南街道'])).toEqual(['教育局', '财政局', '城南街道']);
    // No prefix held by more than half: two counties' units side by side stay whole.
    expect(unitAxisLabels(['甲县林业局', '乙县林业局', '甲县水利局', '乙县水利局'])).toEqual(['甲县林业局', '乙县林业局', '甲县水利局', '乙县水利局']);
    // Stripping would make two names one: left as they are.
    expect(unitAxisLabels(['城步县林业局', '城步县水利局', '林业局'])).toEqual(['城步县林业局', '城步县水利局', '林业局']);
    expect(unitAxisLabels(['甲县局', '甲县办'])).toEqual(['甲县局', '甲县办']);
  });
});
