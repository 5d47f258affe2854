/**
 * zou2018 convergence rates (Thm 4.1, proof in App. C.8/C.9): the form of the loss curve follows the
 * exponent p of assumption A3.2 (−ℓ′ ≥ min{α0, α1 ℓ^p}). The squared hinge (p = 1/2) converges
 * linearly, log L_S falling linearly in kη; the logistic loss (p = 1) converges like 1/k, 1/L_S growing
 * linearly in kη. With η = c/(L·m) the rate per iteration does not depend on m
 * (shared/theory/zou2018-sgd-deep-relu.md, "Claims with measurable content").
 */
import { zou2018Data } from '../../data/zou2018.js';
import { zou2018 } from '../../models/zou2018.js';
import { fitLine } from '../../stats/regression.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import type { Judgement } from '../statistics.js';
import { curvePanels } from '../../plots/charts.js';
import type { Claim, ClaimContext, Scale, VegaLiteSpec } from './claim.js';
import { countText, listText } from './prose.js';

type RateLoss = 'squared_hinge' | 'logistic';

/** The linearizing transform of each loss's predicted curve: log L_S (p = 1/2) or 1/L_S (p = 1). */
const FORMS: Record<RateLoss, { name: string; of: (loss: number) => number; sign: 1 | -1 }> = {
  squared_hinge: { name: 'log L_S', of: Math.log, sign: -1 },
  logistic: { name: '1/L_S', of: (l) => 1 / l, sign: 1 },
};

export interface RateRun {
  loss: RateLoss;
  width: number;
  seed: number;
  /** Slope per step of the predicted form (log L_S or 1/L_S) against k. */
  rate: number;
  /** R² of the predicted form's line, and of the other loss's form on the same curve. */
  r2: number;
  r2Other: number;
  curve: { step: number; loss: number }[];
}

/** Fits both forms to the curve after the first tenth of training (the initial transient). */
export function fitRates(loss: RateLoss, curve: { step: number; loss: number }[]): { rate: number; r2: number; r2Other: number } {
  const k0 = curve[curve.length - 1].step / 10;
  const tail = curve.filter((p) => p.step >= k0 && p.loss > 0);
  const k = tail.map((p) => p.step);
  const other: RateLoss = loss === 'logistic' ? 'squared_hinge' : 'logistic';
  const own = fitLine(k, tail.map((p) => FORMS[loss].of(p.loss)));
  const alt = fitLine(k, tail.map((p) => FORMS[other].of(p.loss)));
  return { rate: own.slope, r2: own.r2, r2Other: alt.r2 };
}

/**
 * The verdict on a set of runs. Per run: the predicted form fits a line (R² ≥ 0.97 holds, < 0.9 fails),
 * with the predicted sign, and fits better than the other loss's form (its unexplained variance at most a
 * third of the other's; more than the other's fails). Across widths: the mean rate per step at the
 * largest width over that at the smallest lies in [2/3, 3/2] (outside [1/2, 2] fails).
 */
export function judgeRates(runs: RateRun[]): Judgement & { widthRatio: Record<RateLoss, number> } {
  const problems: string[] = [];
  const doubts: string[] = [];
  for (const r of runs) {
    const at = `${r.loss} m = ${r.width} seed ${r.seed}`;
    if (r.curve.some((p) => !Number.isFinite(p.loss))) problems.push(`${at}: diverged (a non-finite loss), counted against the claim`);
    if (Math.sign(r.rate) !== FORMS[r.loss].sign) problems.push(`${at}: ${FORMS[r.loss].name} moves the wrong way (slope ${r.rate.toPrecision(3)})`);
    if (r.r2 < 0.9) problems.push(`${at}: ${FORMS[r.loss].name} is not linear in k (R² ${r.r2.toFixed(3)})`);
    else if (r.r2 < 0.97) doubts.push(`${at}: R² ${r.r2.toFixed(3)}`);
    if (1 - r.r2 > 1 - r.r2Other) problems.push(`${at}: the other loss's form fits better (R² ${r.r2Other.toFixed(3)} vs ${r.r2.toFixed(3)})`);
    else if (1 - r.r2 > (1 - r.r2Other) / 3) doubts.push(`${at}: the forms are hard to tell apart (R² ${r.r2.toFixed(3)} vs ${r.r2Other.toFixed(3)})`);
  }
  const widthRatio = {} as Record<RateLoss, number>;
  for (const loss of ['squared_hinge', 'logistic'] as const) {
    const rs = runs.filter((r) => r.loss === loss);
    const widths = [...new Set(rs.map((r) => r.width))].sort((a, b) => a - b);
    const meanRate = (m: number): number => {
      const at = rs.filter((r) => r.width === m);
      return at.reduce((a, r) => a + r.rate, 0) / at.length;
    };
    const ratio = widths.length >= 2 ? meanRate(widths[widths.length - 1]) / meanRate(widths[0]) : NaN;
    widthRatio[loss] = ratio;
    if (!Number.isFinite(ratio)) doubts.push(`${loss}: fewer than two widths`);
    else if (ratio < 0.5 || ratio > 2) problems.push(`${loss}: the rate per step changes ${ratio.toFixed(2)}× from m = ${widths[0]} to ${widths[widths.length - 1]}`);
    else if (ratio < 2 / 3 || ratio > 1.5) doubts.push(`${loss}: rate ratio across widths ${ratio.toFixed(2)}`);
  }
  const worst = Math.min(...runs.map((r) => r.r2));
  const verdict = problems.length > 0 ? 'fails' : doubts.length > 0 ? 'inconclusive' : 'holds';
  const reason = problems.length > 0 ? problems.join('; ') : doubts.length > 0 ? doubts.join('; ') : `in all ${runs.length} runs the predicted form is a line (smallest R² ${worst.toFixed(3)}) and fits better than the other loss's; rate ratios across widths ${widthRatio.squared_hinge.toFixed(2)} (squared hinge), ${widthRatio.logistic.toFixed(2)} (logistic)`;
  return { verdict, value: worst, reason, widthRatio };
}

interface RateSizes {
  L: number;
  widths: number[];
  seeds: number;
  steps: number;
}

/** Quick: widths 128 and 512 (a factor 4, as 256 → 1024 was, at a sixteenth of m = 1024's cost per step). */
const RATE_SIZES: Record<Scale, RateSizes> = {
  quick: { L: 2, widths: [128, 512], seeds: 2, steps: 400 },
  full: { L: 2, widths: [128, 512, 2048], seeds: 5, steps: 400 },
};

function rateRuns(ctx: ClaimContext, sz: RateSizes): RateRun[] {
  const { L, widths, seeds, steps } = sz;
  const out: RateRun[] = [];
  let done = 0;
  for (let s = 0; s < seeds; s++) {
    const ds = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.3, rng: ctx.rng.fold('data', s) });
    for (const m of widths) {
      const net = zou2018({ inputDim: 10, width: m, depth: L });
      const theta0 = net.init(ctx.rng.fold('init', m, s));
      for (const loss of ['squared_hinge', 'logistic'] as const) {
        const res = train(net, theta0, ds.x, ds.y, { loss: makeLoss({ name: loss }), optimizer: { kind: 'gd' }, learningRate: 1 / (L * m), steps, every: 10, rng: ctx.rng.fold('train', m, s), signal: ctx.signal });
        const curve = res.records.map((r) => ({ step: r.step, loss: r.loss }));
        out.push({ loss, width: m, seed: s, ...fitRates(loss, curve), curve });
        ctx.progress(++done, 2 * widths.length * seeds);
      }
    }
  }
  return out;
}

function ratesPlot(): VegaLiteSpec {
  return curvePanels({
    x: 'step', xTitle: 'GD step k', filterField: 'loss', series: 'width', seriesTitle: 'width m', detail: 'seed',
    panels: [
      { equal: 'squared_hinge', title: 'squared hinge: log L_S linear in k', y: 'trainingLoss', yTitle: 'L_S (log scale)', logY: true },
      { equal: 'logistic', title: 'logistic: 1/L_S linear in k', y: 'inverseLoss', yTitle: '1/L_S', logY: false },
    ],
  });
}

const rates: Claim<RateSizes> = {
  id: 'zou2018.loss-rates',
  paper: 'zou2018',
  theorem: 'Thm 4.1 (App. C.8/C.9): the rate follows p of A3.2',
  prediction: 'Under GD the squared hinge loss (p = 1/2) converges linearly — log L_S falls linearly in kη — and the logistic loss (p = 1) like 1/k — 1/L_S grows linearly in kη; with η = 1/(L·m) the rate per iteration does not depend on m',
  falsifier: 'a run whose predicted form has R² < 0.9 or the wrong sign, or in which the other loss\'s form fits better; or a mean rate per step changing by more than 2× between the smallest and largest width',
  sizes: RATE_SIZES,
  experiment: (s) => `zou2018 setting (n = 20, d = 10, μ = 0.5, sign(z_1) labels, φ = 0.3, L = ${s.L}), GD with η = 1/(L·m) for ${s.steps} steps from the same initialization for both losses, widths ${listText(s.widths)}, ${countText(s.seeds, 'seed')}; fits after the first ${s.steps / 10} steps`,
  statistic: 'per run, R² of the predicted form (log L_S or 1/L_S) against k ≥ 0.97 with the predicted sign, and its unexplained variance at most a third of the other loss\'s form; mean rate at the largest width over the smallest inside [2/3, 3/2]',
  run(ctx, sz) {
    const runs = rateRuns(ctx, sz);
    const j = judgeRates(runs);
    // Records the fits leave out: a loss of exactly 0 (the squared hinge with every margin ≥ 1) has no log or inverse.
    const leftOut = runs.map((r) => ({ r, k: r.curve.filter((p) => p.step >= r.curve[r.curve.length - 1].step / 10 && !(p.loss > 0)).length })).filter((e) => e.k > 0);
    const leftOutText = leftOut.length > 0 ? `; records left out of the fits (loss 0 or not finite): ${leftOut.map((e) => `${e.k} in ${e.r.loss} m = ${e.r.width} seed ${e.r.seed}`).join(', ')}` : '';
    const summary = (loss: RateLoss): string => {
      const rs = runs.filter((r) => r.loss === loss);
      return `${FORMS[loss].name}: R² ${Math.min(...rs.map((r) => r.r2)).toFixed(3)}–${Math.max(...rs.map((r) => r.r2)).toFixed(3)} (other form ${Math.min(...rs.map((r) => r.r2Other)).toFixed(3)}–${Math.max(...rs.map((r) => r.r2Other)).toFixed(3)}), rate ratio across widths ${j.widthRatio[loss].toFixed(2)}`;
    };
    return {
      verdict: j.verdict,
      value: j.value,
      reason: j.reason,
      measured: `squared hinge ${summary('squared_hinge')}; logistic ${summary('logistic')}${leftOutText}`,
      data: runs.flatMap((r) => r.curve.map((p) => ({ loss: r.loss, width: r.width, seed: r.seed, step: p.step, trainingLoss: p.loss, inverseLoss: 1 / p.loss }))),
      plot: ratesPlot(),
    };
  },
};

export const zou2018RateClaims: Claim[] = [rates];
