/** Numbers for people: plain decimals in a comfortable range, exponent notation outside it, '—' for none. */
export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(digits) : v.toExponential(digits - 1);
}
