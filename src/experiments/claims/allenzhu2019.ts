/**
 * allenzhu2019 (Allen-Zhu, Li, Song 2019): over-parameterized Elman RNNs — forward stability at
 * initialization and its failure at the wrong scale (allenzhu2019Stability.ts), the exact ReLU identity of
 * Prop G.3, the BPTT gradient, and GD's linear convergence with the PL ratio and the weight movement along
 * it. Claims of shared/theory/allenzhu2019-rnn-convergence.md.
 */
import { allenZhu2019 } from '../../models/allenzhu2019.js';
import { propG3Decomposition } from '../../theory/allenzhu2019.js';
import { combineVerdicts, judgeBound, judgeIdentity, judgeSlopeBound } from '../statistics.js';
import { ALLENZHU2019_RNN_GD, type RnnGdParams, type RnnGdRun } from '../kinds/allenzhu2019RnnGd.js';
import type { JsonObject } from '../runner/json.js';
import type { Claim, ClaimOutcome, ClaimPlan, JudgeContext, PointRequest, Scale } from './claim.js';
import { countText, listText } from './prose.js';
import { resultNumber } from './sweeps.js';
import { allenZhu2019StabilityClaims } from './allenzhu2019Stability.js';
import { flattenSequences, rnnSequences } from '../../data/allenzhu2019.js';
import { makeLoss } from '../../train/losses.js';
import { linePlot, logLogPlot } from '../../plots/charts.js';

const propG3: Claim<{ coordinates: number }> = {
  id: 'allenzhu2019.prop-g3-identity',
  paper: 'allenzhu2019',
  theorem: 'Prop G.3',
  prediction: 'φ(a) − φ(b) = D(a − b) + D″(a − b) exactly, with D″ in [−1, 0] or [0, 1] where the signs differ',
  falsifier: 'a coordinate where |φ(a) − φ(b) − (D + D″)(a − b)| exceeds 1e-15 of max |a − b|, or a D″ outside its range',
  sizes: { quick: { coordinates: 4096 }, full: { coordinates: 4096 } },
  experiment: (s) => `${s.coordinates} coordinates: a ~ N(0, 1) and b = a + 0.3·ξ, ξ ~ N(0, 1) (a sign differs in about a tenth of them)`,
  // The identity is exact; in float64 each side is one or two roundings of numbers ≤ max|a − b| (2^−53 ≈ 1.1e-16 each).
  statistic: 'max |φ(a) − φ(b) − (D + D″)(a − b)| relative to max |a − b| ≤ 1e-15 (a few roundings of 1.1e-16), and every D″ in its range',
  run(ctx, s) {
    const m = s.coordinates;
    const a = ctx.rng.fold('a').fillNormal(new Float64Array(m));
    const noise = ctx.rng.fold('b').fillNormal(new Float64Array(m));
    const b = a.map((v, i) => v + 0.3 * noise[i]);
    const { d, dpp } = propG3Decomposition(a, b);
    let worst = 0;
    let scale = 0;
    let inRange = true;
    let differ = 0;
    for (let k = 0; k < m; k++) {
      const lhs = Math.max(a[k], 0) - Math.max(b[k], 0);
      const rhs = (d[k] + dpp[k]) * (a[k] - b[k]);
      worst = Math.max(worst, Math.abs(lhs - rhs));
      scale = Math.max(scale, Math.abs(a[k] - b[k]));
      if (a[k] >= 0 !== b[k] >= 0) differ++;
      if (a[k] >= 0 && b[k] < 0 && !(dpp[k] >= -1 && dpp[k] <= 0)) inRange = false;
      if (a[k] < 0 && b[k] >= 0 && !(dpp[k] >= 0 && dpp[k] <= 1)) inRange = false;
    }
    const j = judgeIdentity(scale + worst, scale, 1e-15);
    const verdict = j.verdict === 'holds' && inRange ? 'holds' : 'fails';
    return { ...j, verdict, measured: `max deviation ${(worst / scale).toExponential(2)} of max |a − b|; signs differ in ${differ} of ${m} coordinates; D″ in range: ${inRange}`, data: [{ m, maxDeviation: worst, scale, inRange, signsDiffer: differ }] };
  },
};

interface RnnRun extends RnnGdRun {
  width: number;
  seed: number;
}

/** The sizes of the training runs the linear-convergence, gradient-lower-bound and weights-stay-close claims share: kind allenzhu2019.rnn-gd's parameters at every width and replicate. */
export type RnnSizes = Omit<RnnGdParams, 'width' | 'replicate'> & { widths: number[]; seeds: number };

const RNN_SIZES: Record<Scale, RnnSizes> = {
  // 6 seeds: at 2 a flat flip fraction failed the −1/3 bound in only 41% of simulated runs (seed log-sd 0.35), at 6 in
  // 87% (statisticsPower.test.ts). Not m = 32: there the PL ratio falls to 0.005 and the rate to a quarter of m = 64's,
  // below the width the theorem asks for, which would judge the narrow net rather than the claims.
  quick: { widths: [64, 128, 256, 512], seeds: 6, L: 5, n: 4, steps: 400, c: 0.5 },
  full: { widths: [64, 128, 256, 512, 1024], seeds: 6, L: 5, n: 4, steps: 400, c: 0.5 },
};

/**
 * The shared experiment as points: one GD run (kind allenzhu2019.rnn-gd) per (data, initialization) seed and
 * width, seeds outermost. The three claims list the same points, so each run is computed once.
 */
function rnnPoints(s: RnnSizes): PointRequest[] {
  const { widths, seeds, ...rest } = s;
  return Array.from({ length: seeds }, (_, replicate) => widths.map((width): PointRequest => ({ kind: ALLENZHU2019_RNN_GD, params: { ...rest, width, replicate } }))).flat();
}

/** The runs back from their results, in the order of rnnPoints (a null, undefined quantity, is NaN). */
function rnnRunsOf(results: readonly JsonObject[], s: RnnSizes): RnnRun[] {
  return rnnPoints(s).map((p, i) => {
    const r = results[i];
    const curve = Array.isArray(r['curve']) ? r['curve'] : [];
    return {
      width: p.params['width'] as number, seed: p.params['replicate'] as number,
      rate: resultNumber(r['rate']), minPl: resultNumber(r['minPl']), plDropped: Array.isArray(r['plDropped']) ? r['plDropped'].map(String) : [],
      movement: resultNumber(r['movement']), flips: resultNumber(r['flips']),
      curve: curve.map((c) => {
        const o = c as JsonObject;
        return { step: resultNumber(o['step']), loss: resultNumber(o['loss']) };
      }),
    };
  });
}

/** A plan on the shared training runs: `judge` receives the runs. */
function rnnPlan(judge: (rs: RnnRun[], s: RnnSizes, ctx: JudgeContext) => ClaimOutcome): ClaimPlan<RnnSizes> {
  return { points: rnnPoints, judge: (results, s, ctx) => judge(rnnRunsOf(results, s), s, ctx) };
}

const rnnExperiment = (s: RnnSizes): string =>
  `Elman ReLU RNN trained in W only: n = ${s.n} sequences, L = ${s.L}, d_x = 6, d = 2, GD with η = ${s.c}/m for ${s.steps} steps, widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')}`;

const convergence: Claim<RnnSizes> = {
  id: 'allenzhu2019.linear-convergence',
  paper: 'allenzhu2019',
  theorem: 'Thm 1 (GD): f(W_{t+1}) ≤ (1 − Ω(ηδm/poly))·f(W_t)',
  prediction: 'log f falls linearly in t, and with η = c/m the per-step rate does not fall as m grows (a contraction bounded below independently of m); at finite width it rises toward its limit',
  falsifier: 'a 95% interval of the log–log slope of the per-step rate against m wholly below −0.3 (progress vanishing with width at η = c/m, as when ‖∇f‖² is O(f) rather than O(m·f)), or a diverged run',
  sizes: RNN_SIZES,
  experiment: rnnExperiment,
  statistic: 'one-sided log–log slope of the fitted per-step rate −d log f/dt (least squares over all records) against m: 95% interval at least 0 with tolerance 0.3 (a rate rising with m is reported as such)',
  plan: rnnPlan((rs, _s, ctx) => {
    // Thm 1: f(W_{t+1}) ≤ (1 − Ω(ηδm/ρ^15))·f(W_t), so at η = c/m the per-step contraction is bounded below by a
    // constant free of m once m ≥ poly(n, d, L) — a one-sided statement, judged one-sided: the rate's exponent in
    // m is at least 0. The 0.3 tolerance is the allowance for ρ = nLd·log(m/ε)/δ, whose power in the bound lets
    // the guarantee drift with log m (liu2020's log allowance is 0.15; here the narrowest nets are also below the
    // theorem's width). The contrast is a rate ∝ m^−1, the progress η = c/m makes when ‖∇f‖² is O(f), not
    // Thm 3's O(m·f) (a mean-field scale): it fails in ≥ 80% of simulated runs (statisticsPower.test.ts).
    // At finite width the rate rises toward its limit: measured to m = 2048 at 4 draws (n = 4, L = 5, c = 0.5)
    // 0.04–0.07 at m = 64, 0.08–0.12 at 512, 0.10–0.14 at 2048, flattening above 1024 — so a two-sided ±0.3, judged
    // before, judged the finite-width approach rather than the theorem, and was inconclusive at every seed.
    const j = judgeSlopeBound(rs.map((r) => ({ x: r.width, y: r.rate, group: r.seed })), 'atLeast', 0, { rng: ctx.rng.fold('bootstrap'), tolerance: 0.3 });
    return {
      ...j, measured: `per-step rates ${rs.map((r) => `${r.rate.toExponential(2)} (m = ${r.width})`).join(', ')}; ${j.reason.split(':')[0]}`,
      data: rs.flatMap((r) => r.curve.map((c) => ({ ...c, run: `m = ${r.width}, seed ${r.seed}` }))),
      plot: linePlot({ x: 'step', y: 'loss', xTitle: 'step t', yTitle: 'f(W_t)', series: 'run', logY: true }),
    };
  }),
};

/** The PL ratio's floor: Thm 3's δ/poly(ρ) has no stated value; 0.01 is the note's "bounded away from 0" made concrete, an order below the reference minima (0.15–1.2). */
const PL_FLOOR = 0.01;

const plRatio: Claim<RnnSizes> = {
  id: 'allenzhu2019.gradient-lower-bound',
  paper: 'allenzhu2019',
  theorem: 'Thm 3 (gradient lower bound, PL): ‖∇f‖_F² ≥ δ/poly(ρ)·m·f inside the ball',
  prediction: 'The PL ratio ‖∇f‖_F²/(m·f) stays bounded away from 0 along training (reference: falls from ~20–65 to ~0.15–1.2 in 400 steps, never to 0)',
  falsifier: `a recorded ‖∇f‖_F²/(m·f) below ${PL_FLOOR} in any run, or a run whose ratio is not finite`,
  sizes: RNN_SIZES,
  experiment: rnnExperiment,
  statistic: `the smallest ‖∇f‖_F²/(m·f) over all records, widths and seeds ≥ ${PL_FLOOR}; records with f = 0 (ratio undefined) are counted and named`,
  plan: rnnPlan((rs) => {
    const j = judgeBound(rs.map((r) => ({ at: r.width, measured: r.minPl, bound: PL_FLOOR })), 'above');
    const broken = rs.filter((r) => !Number.isFinite(r.minPl));
    const dropped = rs.filter((r) => r.plDropped.length > 0).map((r) => `m = ${r.width} seed ${r.seed}: ${r.plDropped.join(', ')}`);
    const verdict = broken.length > 0 ? 'fails' : j.verdict;
    return {
      ...j, verdict,
      reason: `${j.reason}${broken.length > 0 ? `; no finite PL ratio in ${broken.map((r) => `m = ${r.width} seed ${r.seed}`).join(', ')}` : ''}`,
      measured: `minimum PL ratio per run: ${rs.map((r) => r.minPl.toPrecision(3)).join(', ')}${dropped.length > 0 ? `; records left out (f = 0 or not finite): ${dropped.join('; ')}` : ''}`,
      data: rs.map((r) => ({ width: r.width, seed: r.seed, minPl: r.minPl, recordsLeftOut: r.plDropped.length })),
    };
  }),
};

/** The tolerance on √m‖ΔW‖_F's exponent for the log m inside τ0 = poly(ρ) (see the call). */
export const MOVEMENT_LOG_TOLERANCE = 0.15;

const movement: Claim<RnnSizes> = {
  id: 'allenzhu2019.weights-stay-close',
  paper: 'allenzhu2019',
  theorem: 'Thm 1 proof (H.1): ‖W_t − W_0‖_F ≤ τ0/√m; Lemma C.2/Cor B.18: ‖D′‖₀ ≤ O(L^{10/3}τ0^{2/3})·m^{2/3}',
  prediction: '√m·‖W_T − W_0‖_F stays bounded as m grows (reference: 17 → 10 for m = 64 → 512), and the fraction of flipped activations falls at least like m^(−1/3) (reference 0.23 → 0.08)',
  falsifier: 'a 95% interval of the log–log slope of √m‖ΔW‖_F against m wholly above 0.15 (0 plus the log factor of τ0), or of the mean flip fraction wholly above −1/3; or a diverged run',
  sizes: RNN_SIZES,
  experiment: rnnExperiment,
  statistic: 'one-sided log–log slopes against m, each 95% interval on the predicted side: √m‖ΔW‖_F at most 0 with tolerance 0.15 for log m (bounded), the mean flip fraction at most −1/3 (steeper is reported as such)',
  plan: rnnPlan((rs, _s, ctx) => {
    // (H.1): √m‖W_t − W_0‖_F ≤ τ0 with τ0 = poly(ρ), no power of m; ρ = nLd·log(m/ε)/δ carries log m, whose
    // polynomial adds a small positive fitted slope — the 0.15 margin the project grants Õ's log factors
    // (liu2020 FLAT_EXPONENT_RANGE). The contrast is a non-lazy √m‖ΔW‖_F ∝ m^1/2, which fails in every simulated run.
    const jm = judgeSlopeBound(rs.map((r) => ({ x: r.width, y: r.movement, group: r.seed })), 'atMost', 0, { rng: ctx.rng.fold('b1'), tolerance: MOVEMENT_LOG_TOLERANCE });
    // ‖D′‖₀ ≤ O(L^{10/3}τ0^{2/3})m^{2/3} flips of m units: a fraction O(m^−1/3) (note, "Perturbation"); a bound, so
    // one-sided at −1/3 with no tolerance. (A GD step spread over all of W moves each g_k by O(τ0/m) against its
    // density √m at 0, a fraction ~ m^−1/2: steeper than the bound is expected.)
    const jf = judgeSlopeBound(rs.map((r) => ({ x: r.width, y: r.flips, group: r.seed })), 'atMost', -1 / 3, { rng: ctx.rng.fold('b2') });
    const verdict = combineVerdicts(jm, jf);
    return {
      verdict, value: jm.value, interval: jm.interval,
      reason: `√m‖ΔW‖_F: ${jm.reason}; flips: ${jf.reason}`,
      measured: `√m‖ΔW‖_F slope ${jm.value?.toFixed(3)} [${jm.interval?.map((v) => v.toFixed(3)).join(', ')}], flip-fraction slope ${jf.value?.toFixed(3)} [${jf.interval?.map((v) => v.toFixed(3)).join(', ')}]`,
      data: rs.map((r) => ({ width: r.width, seed: r.seed, sqrtMMovement: r.movement, flipFraction: r.flips })),
      plot: logLogPlot({ x: 'width', y: 'sqrtMMovement', xTitle: 'width m', yTitle: '√m‖W_T − W_0‖_F' }),
    };
  }),
};

/** 2^−52, the float64 machine epsilon. */
const EPS = 2 ** -52;

/**
 * The BPTT check's tolerance on |⟨∇f, v⟩ − D_h| / ‖∇f‖ for unit v. For φ(t) = f(W + tv) the central difference
 * D_h = (φ(h) − φ(−h))/(2h) errs by h²|φ‴|/6 (truncation) + ε|φ|/h (round-off of φ, ε a few times EPS); the two
 * balance at h ≈ ε^{1/3}·s, s the length over which φ changes by its own size, leaving ≈ ε^{2/3} ≈ 4e-11 relative to
 * the derivatives' scale. The note's ~1e-10 (item f) is that with a factor 2.7.
 */
const BPTT_TOLERANCE = 1e-10;

interface BpttSizes {
  m: number;
  L: number;
  n: number;
  directions: number;
}

const bptt: Claim<BpttSizes> = {
  id: 'allenzhu2019.bptt-gradient',
  paper: 'allenzhu2019',
  theorem: 'Fact 2.5 (BPTT)',
  prediction: 'The backpropagation-through-time gradient ∇f = Σ_iΣ_l D_{i,l+1}u_{i,l}h_{i,l}ᵀ equals the derivative of f (checked by central differences in float64)',
  falsifier: `a random unit direction v (whose ±h segment crosses no ReLU kink) with |⟨∇f, v⟩ − central difference| > ${BPTT_TOLERANCE}·‖∇f‖; inconclusive when more than half the directions cross a kink`,
  sizes: { quick: { m: 32, L: 6, n: 3, directions: 20 }, full: { m: 32, L: 6, n: 3, directions: 20 } },
  experiment: (s) => `Elman ReLU RNN (W trained), m = ${s.m}, L = ${s.L}, n = ${s.n} sequences, loss ½Σ_{l≥2}‖Bh − y*‖²; central differences along ${s.directions} random unit directions with the step h = ε^{1/3}·‖W_0‖₂ (ε = 2^−52, ‖W_0‖₂ ≈ 2√2 at N(0, 2/m)): h ≈ 1.7e-5`,
  statistic: `max over directions of |⟨∇f, v⟩ − (f(W + hv) − f(W − hv))/(2h)| / ‖∇f‖ ≤ ${BPTT_TOLERANCE} (≈ ε^{2/3}, the optimal central difference's error); a direction whose segment changes an activation pattern is counted and left out (f is not differentiable there)`,
  run(ctx, s) {
    const dx = 6;
    const d = 2;
    const ds = rnnSequences({ n: s.n, L: s.L, dx, d, rng: ctx.rng.fold('data') });
    const { x, y } = flattenSequences(ds);
    const net = allenZhu2019({ inputDim: dx, length: s.L, width: s.m, outputs: d });
    const params = net.init(ctx.rng.fold('init'));
    const loss = makeLoss({ name: 'square', reduction: 'sum', weights: Array.from({ length: s.L * d }, (_, k) => (k < d ? 0 : 1)) });
    const grad = net.gradient(params, x, loss.gradient(net.forward(params, x), y));
    const gradNorm = Math.hypot(...grad);
    // s = ‖W_0‖₂ ≈ 2√2: W's entries are N(0, 2/m), whose spectral norm is 2·√(2/m)·√m (Bai–Yin), the gain of the recurrence.
    const h = Math.cbrt(EPS) * 2 * Math.SQRT2;
    const pattern = (p: Float64Array): Uint8Array => Uint8Array.from([...net.preActivations(p, x).values()].flatMap((z) => Array.from(z.data, (v) => (v >= 0 ? 1 : 0))));
    const centre = pattern(params);
    let worst = 0;
    const kinks: number[] = [];
    const rows: Record<string, unknown>[] = [];
    for (let k = 0; k < s.directions; k++) {
      const v = ctx.rng.fold('dir', k).fillNormal(new Float64Array(net.trainableSize));
      const vn = Math.hypot(...v);
      for (let i = 0; i < v.length; i++) v[i] /= vn;
      const at = (t: number): Float64Array => {
        const p = params.slice();
        for (let i = 0; i < v.length; i++) p[i] += t * v[i];
        return p;
      };
      const [plus, minus] = [at(h), at(-h)];
      const crosses = [plus, minus].some((p) => pattern(p).some((b, i) => b !== centre[i]));
      const fd = (loss.value(net.forward(plus, x), y) - loss.value(net.forward(minus, x), y)) / (2 * h);
      let an = 0;
      for (let i = 0; i < v.length; i++) an += grad[i] * v[i];
      const rel = Math.abs(an - fd) / gradNorm;
      if (crosses) kinks.push(k);
      else worst = Math.max(worst, rel);
      rows.push({ direction: k, analytic: an, finiteDifference: fd, relativeDifference: rel, crossesKink: crosses });
    }
    const used = s.directions - kinks.length;
    const left = kinks.length > 0 ? `; ${kinks.length} direction${kinks.length === 1 ? '' : 's'} crossing a ReLU kink left out (${kinks.join(', ')})` : '';
    if (used < s.directions / 2) return { verdict: 'inconclusive', value: used > 0 ? worst : null, reason: `only ${used} of ${s.directions} directions free of kinks${left}`, measured: `max difference ${worst.toExponential(2)} of ‖∇f‖ over ${used} directions${left}`, data: rows };
    const j = judgeIdentity(1 + worst, 1, BPTT_TOLERANCE);
    return { ...j, value: worst, reason: `${j.reason}${left}`, measured: `max |⟨∇f, v⟩ − D_h| / ‖∇f‖ over ${used} directions ${worst.toExponential(2)} (h = ${h.toExponential(2)})${left}`, data: rows };
  },
};

export const allenZhu2019Claims: Claim[] = [...allenZhu2019StabilityClaims, propG3, bptt, convergence, plRatio, movement];
