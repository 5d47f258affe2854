/**
 * The exact values a gradient-diversity problem has, when chen2018 gives them: Theorems 6–10 for L-layer
 * linear nets with every entry N(0, 1); Lemmas 2–5 (corrected) for 2-layer linear nets with any entry
 * distributions and scales; nothing for nonlinear nets (Theorem 2 is conditional on W_1, W*_1, X:
 * theory/chen2018Nonlinear.ts). And the comparison of a Monte-Carlo estimate with them, in standard errors.
 */
import { chen2018BatchBound, chen2018LinearMoments } from '../../theory/chen2018.js';
import { batchBoundFromMoments, chen2018TwoLayerLemmas, entryMoments, type EntryMoments } from '../../theory/chen2018Lemmas.js';
import type { Estimate } from './moments.js';
import type { DiversityEstimate } from './monteCarlo.js';
import type { DiversityProblem, EntrySpec } from './problem.js';

export interface ExactDiversity {
  /** Which result: e.g. "chen2018 Theorems 6–10" or "chen2018 Lemmas 2–5". */
  source: string;
  /** E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖². */
  ratio: number;
  normSquared: number;
  innerProduct: number;
  /** Per tensor (layer order): E‖∇_tf_i‖², E⟨∇_tf_i, ∇_tf_j⟩. */
  perTensor: { normSquared: number; innerProduct: number }[];
}

function perTensorSpecs(spec: EntrySpec | EntrySpec[] | undefined, count: number): EntrySpec[] {
  if (Array.isArray(spec)) return spec;
  return Array.from({ length: count }, () => spec ?? { distribution: 'gaussian' });
}

const isStandardGaussian = (e: EntrySpec): boolean => e.distribution === 'gaussian' && (e.std ?? 1) === 1;

/** The exact values of a problem, or null when chen2018 has none for it. */
export function exactDiversity(p: DiversityProblem): ExactDiversity | null {
  if (p.model.kind !== 'linear') return null;
  const K = p.model.widths;
  const L = K.length;
  if (L < 2) return null;
  const student = perTensorSpecs(p.student, L);
  const teacher = perTensorSpecs(p.teacher, L);
  const data = p.data ?? { distribution: 'gaussian' };
  if ([...student, ...teacher, data].every(isStandardGaussian)) {
    const m = chen2018LinearMoments(K);
    return {
      source: 'chen2018 Theorems 6–10',
      ratio: chen2018BatchBound(K, p.n).ratio,
      normSquared: m.normSquared,
      innerProduct: m.innerProduct,
      perTensor: m.layerNormSquared.map((v, a) => ({ normSquared: v, innerProduct: m.layerInnerProduct[a] })),
    };
  }
  if (L !== 2) return null;
  const mo = (e: EntrySpec): EntryMoments => entryMoments(e.distribution, e.std ?? 1);
  const lem = chen2018TwoLayerLemmas(K[0], K[1], { w1: mo(student[0]), w2: mo(student[1]), teacherW1: mo(teacher[0]), teacherW2: mo(teacher[1]), x: mo(data) });
  return {
    source: 'chen2018 Lemmas 2–5 (corrected)',
    ratio: batchBoundFromMoments(lem.normSquared, lem.innerProduct, p.n),
    normSquared: lem.normSquared,
    innerProduct: lem.innerProduct,
    perTensor: [0, 1].map((a) => ({ normSquared: lem.layerNormSquared[a], innerProduct: lem.layerInnerProduct[a] })),
  };
}

export interface ComparisonRow {
  quantity: string;
  exact: number;
  estimate: number;
  se: number;
  /** (estimate − exact)/se. */
  z: number;
}

function row(quantity: string, exact: number, e: Estimate): ComparisonRow {
  return { quantity, exact, estimate: e.estimate, se: e.se, z: (e.estimate - exact) / e.se };
}

/** Every quantity of an estimate next to its exact value, with z-scores. */
export function compareWithExact(est: DiversityEstimate, exact: ExactDiversity): ComparisonRow[] {
  const rows = [row('R = E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖²', exact.ratio, est.ratio), row('E‖∇f_i‖²', exact.normSquared, est.normSquared)];
  if (est.innerProduct) rows.push(row('E⟨∇f_i,∇f_j⟩', exact.innerProduct, est.innerProduct));
  est.perTensor.forEach((t, a) => {
    const ex = exact.perTensor[a];
    if (!ex) return;
    rows.push(row(`E‖∇f_i‖² (${t.name})`, ex.normSquared, t.normSquared));
    if (t.innerProduct) rows.push(row(`E⟨∇f_i,∇f_j⟩ (${t.name})`, ex.innerProduct, t.innerProduct));
  });
  return rows;
}
