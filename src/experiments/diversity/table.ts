/** Plain-text tables for the `overparam diversity` output: columns padded to their widest cell. */

export type Cell = string | number | null;

/** A number for a table: 6 significant digits, exponent notation when very large or small; null as "—". */
export function fmt(v: number | null | undefined, digits = 6): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e7 || a < 1e-4)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** "estimate ± se". */
export function pm(e: { estimate: number; se: number } | null, digits = 6): string {
  return e ? `${fmt(e.estimate, digits)} ± ${fmt(e.se, 2)}` : '—';
}

export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [headers.map(String), ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c ?? '—')))];
  const widths = headers.map((_, j) => Math.max(...cells.map((r) => [...(r[j] ?? '')].length)));
  const line = (r: readonly string[]) => r.map((c, j) => c + ' '.repeat(widths[j] - [...c].length)).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
