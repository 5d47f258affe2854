/** Sizes in words, for the experiment prose claims generate from the sizes they run. */

/** "64, 128, 256" — or "64 … 2048 (6 values)" when the list is long. */
export function listText(xs: readonly (number | string)[], longer = 6): string {
  const f = (x: number | string): string => (typeof x === 'number' ? numberText(x) : x);
  if (xs.length <= longer) return xs.map(f).join(', ');
  return `${f(xs[0])} … ${f(xs[xs.length - 1])} (${xs.length} values)`;
}

/** 200000 → "2·10⁵", 1000000 → "10⁶", 1536 → "1536", 0.25 → "0.25". */
export function numberText(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) >= 100_000) {
    const e = Math.floor(Math.log10(Math.abs(x)));
    const m = x / 10 ** e;
    const sup = String(e).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);
    if (Number.isInteger(m)) return m === 1 ? `10${sup}` : `${m}·10${sup}`;
  }
  return String(x);
}

/** "3 seeds", "1 seed". */
export function countText(n: number, noun: string, plural = `${noun}s`): string {
  return `${numberText(n)} ${n === 1 ? noun : plural}`;
}
