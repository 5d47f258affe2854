/**
 * Readable tables for `overparam diversity exact` and `mc`: chen2018's exact moments and bounds, and a
 * Monte-Carlo estimate next to them (with z-scores), the distribution of the per-draw B_S, and the
 * ratio of means against the mean of ratios.
 */
import { chen2018BatchBound, chen2018LinearMoments, chen2018LinearParameterCount } from '../../theory/chen2018.js';
import { batchBoundFromMoments, type TwoLayerLemmas } from '../../theory/chen2018Lemmas.js';
import type { ComparisonRow } from './exact.js';
import type { DiversityEstimate } from './monteCarlo.js';
import { fmt, formatTable, pm } from './table.js';

/** Theorems 6–10 for widths K and the batch-size bounds R(n; K) for each n. */
export function linearExactReport(widths: readonly number[], ns: readonly number[]): { text: string; json: Record<string, unknown> } {
  const m = chen2018LinearMoments(widths);
  const bounds = ns.map((n) => chen2018BatchBound(widths, n));
  const limit = bounds[0]?.limit ?? chen2018BatchBound(widths, 1).limit;
  const layerRows = m.layerNormSquared.map((v, a) => [`W_${a + 1}`, `${a + 1 < widths.length ? widths[a + 1] : 1}×${widths[a]}`,
    m.entryNormSquared[a], v, m.entryInnerProduct[a], m.layerInnerProduct[a]]);
  const text = [
    `chen2018 L-layer linear net, K = (${widths.join(', ')}), L = ${m.layers}, ${chen2018LinearParameterCount(widths)} weights; all entries N(0, 1)`,
    `E‖∇f_i‖² = ${fmt(m.normSquared, 10)} (Thm 8)    E⟨∇f_i,∇f_j⟩ = ${fmt(m.innerProduct, 10)} (Thm 10)`,
    `Π = ${fmt(m.Pi, 10)}, P = ${fmt(m.constants.P, 8)}, S = ${fmt(m.constants.S, 8)}, g(φ) = (${m.constants.g.map((g) => fmt(g, 6)).join(', ')})`,
    '',
    formatTable(['layer', 'shape', 'entry E(∂f_i)² (Thm 7)', 'layer E‖∇f_i‖²', 'entry E[∂f_i∂f_j] (Thm 9)', 'layer E⟨∇f_i,∇f_j⟩'], layerRows),
    '',
    formatTable(['n', 'E[nΣ‖∇f_i‖²]', 'E[Σ_{i≠j}⟨∇f_i,∇f_j⟩]', 'R(n;K) (Thm 6)'], bounds.map((b) => [b.n, b.numerator, b.crossTerms, fmt(b.ratio, 8)])),
    `R(∞;K) = L(1+P)/S = ${fmt(limit, 8)}`,
  ].join('\n');
  return { text, json: { model: 'chen2018 L-layer linear', widths: [...widths], moments: m, bounds, limit } };
}

/** Lemmas 2–5 (general moments) for a 2-layer linear net and R for each n. */
export function lemmaReport(lem: TwoLayerLemmas, ns: readonly number[], described: string): { text: string; json: Record<string, unknown> } {
  const rows = [
    ['Lemma 2', 'E(∂f_i/∂W_{1,p,q})²', lem.lemma2, `× Kd = ${fmt(lem.layerNormSquared[0])}`],
    ['Lemma 3', 'E(∂f_i/∂W_{2,1,q})²', lem.lemma3, `× K = ${fmt(lem.layerNormSquared[1])}`],
    ['Lemma 4', 'E[∂f_i∂f_j/∂W_{1,p,q}²]', lem.lemma4, `× Kd = ${fmt(lem.layerInnerProduct[0])}`],
    ['Lemma 5', 'E[∂f_i∂f_j/∂W_{2,1,q}²]', lem.lemma5, `× K = ${fmt(lem.layerInnerProduct[1])}`],
  ];
  const ratios = ns.map((n) => ({ n, ratio: batchBoundFromMoments(lem.normSquared, lem.innerProduct, n) }));
  const text = [
    `chen2018 2-layer linear net, d = ${lem.d}, K = ${lem.K}; entries: ${described}`,
    formatTable(['', 'quantity (one entry)', 'value', 'layer total'], rows),
    `E‖∇f_i‖² = ${fmt(lem.normSquared, 10)}    E⟨∇f_i,∇f_j⟩ = ${fmt(lem.innerProduct, 10)}`,
    formatTable(['n', 'E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖²'], ratios.map((r) => [r.n, fmt(r.ratio, 8)])),
  ].join('\n');
  return { text, json: { model: 'chen2018 2-layer linear (Lemmas 2–5)', entries: described, lemmas: lem, bounds: ratios } };
}

/** A Monte-Carlo estimate as text: the bound, the moments, the per-draw distribution, exact values if any. */
export function monteCarloReport(e: DiversityEstimate, title: string, comparison: ComparisonRow[] | null, exactSource: string | null): string {
  const q = e.perDraw.quantiles;
  const lines = [
    `${title}: ${e.draws} draws, n = ${e.n}, path ${e.path}, ${e.workers > 1 ? `${e.workers} worker threads` : 'one thread'}, ` +
      `${e.seconds.toFixed(2)} s (${fmt(e.draws / e.seconds, 4)} draws/s)`,
    '',
    `ratio of means  E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖² = ${pm(e.ratio)}   (delta-method SE)`,
    `mean of ratios  E[B_S] = ${pm(e.perDraw.mean)}   (not the theorems' quantity)`,
    `per-draw B_S: min ${fmt(e.perDraw.min, 4)}, 1% ${fmt(q['0.01'], 4)}, 25% ${fmt(q['0.25'], 4)}, median ${fmt(q['0.5'], 4)}, ` +
      `75% ${fmt(q['0.75'], 4)}, 99% ${fmt(q['0.99'], 4)}, max ${fmt(e.perDraw.max, 4)}` +
      (e.perDraw.undefinedDraws > 0 ? ` (${e.perDraw.undefinedDraws} draws with all gradients zero left out)` : ''),
    '',
  ];
  if (comparison) {
    lines.push(`against ${exactSource}:`);
    lines.push(formatTable(['quantity', 'exact', 'Monte Carlo', 'SE', 'z'], comparison.map((r) => [r.quantity, fmt(r.exact, 8), fmt(r.estimate, 8), fmt(r.se, 3), r.z.toFixed(2)])));
  } else {
    lines.push('(no exact value for this problem: chen2018 gives them for linear nets with N(0,1) entries, or 2-layer linear nets)');
    lines.push(formatTable(['quantity', 'Monte Carlo', 'SE'], [
      ['E‖∇f_i‖²', e.normSquared.estimate, e.normSquared.se],
      ...(e.innerProduct ? [['E⟨∇f_i,∇f_j⟩', e.innerProduct.estimate, e.innerProduct.se]] : []),
      ...e.perTensor.flatMap((t) => [[`E‖∇f_i‖² (${t.name})`, t.normSquared.estimate, t.normSquared.se],
        ...(t.innerProduct ? [[`E⟨∇f_i,∇f_j⟩ (${t.name})`, t.innerProduct.estimate, t.innerProduct.se]] : [])]),
    ] as (string | number)[][]));
  }
  return lines.join('\n');
}
