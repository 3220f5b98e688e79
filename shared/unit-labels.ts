/**
 * Unit names as a chart's axis shows them. Most of a county's units carry the county's own name
 * first (城步苗族自治县农业农村局, 城步苗族自治县林业局 …), which on a narrow axis is all one
 * reads: the prefix held by more than half of the names (and by two at least), ending in 县, 区,
 * 市 or 旗, is dropped, the rest kept whole (towns such as 丹口镇 have none). The longest such
 * prefix wins (邵阳市大祥区 over 邵阳市). Nothing is dropped that would leave a name under two
 * characters or make two names one. The full names stay in tables and tooltips.
 * @example unitAxisLabels(['城步苗族自治县林业局', '城步苗族自治县水利局', '丹口镇']) → ['林业局', '水利局', '丹口镇']
 */
export function unitAxisLabels(units: readonly string[]): string[] {
  const held = new Map<string, number>();
  for (const name of units) {
    for (let i = 1; i < name.length - 2; i++) {
      if ('县区市旗'.includes(name[i]!)) {
        const prefix = name.slice(0, i + 1);
        held.set(prefix, (held.get(prefix) ?? 0) + 1);
      }
    }
  }
  let best = '';
  for (const [prefix, n] of held) if (n >= 2 && 2 * n > units.length && prefix.length > best.length) best = prefix;
  if (!best) return [...units];
  const labels = units.map((u) => (u.startsWith(best) && u.length - best.length >= 2 ? u.slice(best.length) : u));
  return new Set(labels).size === new Set(units).size ? labels : [...units];
}
