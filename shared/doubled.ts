/** A typed array twice as long as `a`, holding `a`'s values first and `fill` after them (growing a table in place). */
export function doubled(a: Int32Array, fill = 0): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  if (fill !== 0) out.fill(fill, a.length);
  out.set(a);
  return out;
}
