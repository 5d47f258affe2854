/**
 * Point kind `diversity`: chen2018's gradient diversity of an L-layer linear net with widths
 * K = (K_0 = d, K_1, …, K_{L−1}) and all entries N(0, 1), for a batch of n examples — the values
 * `overparam diversity exact` and `overparam diversity mc` print.
 *
 *   method "exact": Theorems 6–10 (theory/chen2018.ts): R(n;K) = E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖², its numerator
 *     and cross terms, R(∞;K), E‖∇f_i‖² (Thm 8), E⟨∇f_i,∇f_j⟩ (Thm 10) and the per-layer moments.
 *   method "mc": the Monte Carlo of experiments/diversity (ratio of means with delta-method SEs, the
 *     moments, the mean per-draw B_S), beside the exact values.
 *
 * Randomness (mc): the draws come from Rng.fromSeed(seed).fold('diversity-mc'), as `overparam diversity
 * mc --seed <seed>`, in this thread; the estimate does not depend on the CLI's worker count, so a point
 * equals the CLI for the same widths, n, draws and seed. Moments that overflow (Π of very wide nets)
 * are null.
 */
import { ConfigError } from '../../errors.js';
import { Rng } from '../../linalg/random/rng.js';
import { integer, oneOf } from '../../models/specReader.js';
import { chen2018BatchBound, chen2018LinearMoments, chen2018LinearParameterCount, checkWidths } from '../../theory/chen2018.js';
import { DEFAULT_BLOCK_SIZE } from '../diversity/monteCarlo.js';
import { estimateDiversityParallel } from '../diversity/monteCarloParallel.js';
import { exactDiversity } from '../diversity/exact.js';
import type { DiversityProblem } from '../diversity/problem.js';
import { registerPointKind, type PointContext, type PointKindDescriptor, type PointParams } from '../runner/registry.js';
import { finiteResult, integerList, knownParams, WHERE } from './params.js';

export const DIVERSITY_METHODS = ['exact', 'mc'] as const;
/** `overparam diversity mc`'s defaults. */
const DEFAULT_DRAWS = 100_000;

function readParams(p: PointParams): { widths: number[]; n: number; method: 'exact' | 'mc'; draws: number; blockSize: number } {
  knownParams(p, ['widths', 'n', 'method', 'draws', 'blockSize']);
  const widths = integerList(p, 'widths', 1);
  try {
    checkWidths(`${WHERE}.widths`, widths);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${WHERE}.widths must list K_0 = d, K_1, …, K_{L−1}: at least two entries (L ≥ 2 layers); got [${widths.join(', ')}]`);
    throw e;
  }
  const n = integer(p, 'n', WHERE, { min: 1 });
  const method = oneOf(p, 'method', DIVERSITY_METHODS, WHERE, true) ?? 'exact';
  for (const k of ['draws', 'blockSize']) {
    if (p[k] !== undefined && method !== 'mc') throw new ConfigError(`${WHERE}.${k} is for method "mc" only (${WHERE}.method is "${method}")`);
  }
  const draws = integer(p, 'draws', WHERE, { min: 2, optional: true }) ?? DEFAULT_DRAWS;
  const blockSize = integer(p, 'blockSize', WHERE, { min: 1, optional: true }) ?? DEFAULT_BLOCK_SIZE;
  return { widths, n, method, draws, blockSize };
}

/** Theorems 6–10 for K and n. */
function exactValues(widths: number[], n: number): Record<string, unknown> {
  const m = chen2018LinearMoments(widths);
  const b = chen2018BatchBound(widths, n);
  return {
    ratio: b.ratio, limit: b.limit, numerator: b.numerator, crossTerms: b.crossTerms, denominator: b.denominator,
    normSquared: m.normSquared, innerProduct: m.innerProduct, Pi: m.Pi, P: m.constants.P, S: m.constants.S,
    layerNormSquared: m.layerNormSquared, layerInnerProduct: m.layerInnerProduct,
  };
}

export async function diversityPoint(p: PointParams, ctx: Pick<PointContext, 'seed' | 'signal'>): Promise<Record<string, unknown>> {
  const { widths, n, method, draws, blockSize } = readParams(p);
  const common = { layers: widths.length, parameters: chen2018LinearParameterCount(widths) };
  if (method === 'exact') return finiteResult({ ...common, source: 'chen2018 Theorems 6–10', ...exactValues(widths, n) });
  const problem: DiversityProblem = { model: { kind: 'linear', widths }, n };
  const est = await estimateDiversityParallel(problem, { draws, rng: Rng.fromSeed(ctx.seed).fold('diversity-mc'), workers: 1, blockSize, keepValues: false, signal: ctx.signal });
  if (ctx.signal?.aborted) throw new ConfigError('stopped before every draw was made');
  const exact = exactDiversity(problem);
  return finiteResult({
    ...common, draws: est.draws,
    ratio: est.ratio.estimate, ratioSE: est.ratio.se,
    numerator: est.numerator.estimate, numeratorSE: est.numerator.se,
    denominator: est.denominator.estimate, denominatorSE: est.denominator.se,
    normSquared: est.normSquared.estimate, normSquaredSE: est.normSquared.se,
    innerProduct: est.innerProduct?.estimate ?? null, innerProductSE: est.innerProduct?.se ?? null,
    perDrawMean: est.perDraw.mean.estimate, perDrawMeanSE: est.perDraw.mean.se, undefinedDraws: est.perDraw.undefinedDraws,
    exactRatio: exact?.ratio ?? null, exactNormSquared: exact?.normSquared ?? null, exactInnerProduct: exact?.innerProduct ?? null,
  });
}

export const DIVERSITY_DESCRIPTOR: PointKindDescriptor = {
  summary: 'chen2018 gradient diversity of a linear net (Gaussian entries): exact (Thms 6–10) or Monte Carlo, as `overparam diversity exact|mc`',
  builtIn: true,
  params: [
    { name: 'widths', type: 'array of ≥ 2 integers ≥ 1', required: true, doc: 'K_0 = d, K_1, …, K_{L−1} (K_L = 1)' },
    { name: 'n', type: 'integer ≥ 1', required: true, doc: 'examples in the batch' },
    { name: 'method', type: `one of ${DIVERSITY_METHODS.join(', ')}`, default: 'exact', doc: 'closed forms, or the Monte Carlo over networks and data' },
    { name: 'draws', type: 'integer ≥ 2', default: DEFAULT_DRAWS, doc: 'Monte-Carlo draws (method mc)' },
    { name: 'blockSize', type: 'integer ≥ 1', default: DEFAULT_BLOCK_SIZE, doc: 'draws per block, as --block-size (method mc)' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: 'the mc draws, as `overparam diversity mc --seed`' },
  ],
  result: {
    ratio: 'R(n;K) = E[nΣ‖∇f_i‖²]/E‖Σ∇f_i‖² (exact, or the MC ratio of means with ratioSE)',
    numerator: 'E[nΣ‖∇f_i‖²]', denominator: 'E‖Σ∇f_i‖²', normSquared: 'E‖∇f_i‖² (Thm 8)', innerProduct: 'E⟨∇f_i,∇f_j⟩ (Thm 10)',
    'limit, crossTerms, Pi, P, S, layerNormSquared, layerInnerProduct': 'exact: R(∞;K) and the parts of Thms 6–10',
    '*SE, perDrawMean, exactRatio, exactNormSquared, exactInnerProduct, draws': 'mc: standard errors, mean per-draw B_S, the exact values beside',
    'layers, parameters': 'L and the number of weights',
  },
  validate: (p) => void readParams(p),
};

registerPointKind('diversity', diversityPoint, DIVERSITY_DESCRIPTOR);
