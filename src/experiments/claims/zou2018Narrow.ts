/**
 * The width matters (a negative control of zou2018 Thm 4.1, whose guarantee needs m ≥ poly(n, L, 1/φ)): on
 * the same XOR labels the wide GD runs fit (zou2018Training.ts), a network of width 2 does not reach zero
 * training error, even with four times their GD steps (shared/theory/zou2018-sgd-deep-relu.md, "What the
 * project must show": a narrow network on the same data that does not reach it).
 */
import { zou2018 } from '../../models/zou2018.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import type { Judgement } from '../statistics.js';
import type { Claim, Scale } from './claim.js';
import { countText } from './prose.js';
import { dataText, runName, zou2018TrainingData, ZOU2018_TRAINING, type Zou2018DataSizes } from './zou2018Training.js';

export interface NarrowSizes extends Zou2018DataSizes {
  L: number;
  width: number;
  seeds: number;
  steps: number;
  c: number;
}

/**
 * Width 2: v = (+1, −1), so f = σ(h_1) − σ(h_2) with h = W_2ᵀσ(W_1ᵀx) — two first-layer half-spaces, and f = 0
 * wherever both are off. Four times the wide runs' 600 steps, so a failure is the width's, not the budget's.
 */
const NARROW_SIZES: Record<Scale, NarrowSizes> = {
  quick: { ...ZOU2018_TRAINING.quick, width: 2, seeds: ZOU2018_TRAINING.quick.seeds, steps: 4 * ZOU2018_TRAINING.quick.steps },
  full: { ...ZOU2018_TRAINING.full, width: 2, seeds: ZOU2018_TRAINING.full.seeds, steps: 4 * ZOU2018_TRAINING.full.steps },
};

export interface NarrowRun {
  seed: number;
  trainingError: number;
  loss: number;
}

/**
 * The control's verdict: holds when every seed ends with a non-zero training error (the failure observed);
 * fails when at least half the seeds reach zero error (width 2 suffices), or when a run diverged (a blow-up
 * is not the predicted failure, and counts against the claim); inconclusive otherwise.
 */
export function judgeNarrow(runs: readonly NarrowRun[]): Judgement {
  const diverged = runs.filter((r) => !Number.isFinite(r.loss));
  const fitted = runs.filter((r) => r.trainingError === 0);
  const errors = runs.map((r) => r.trainingError);
  const value = Math.min(...errors);
  if (diverged.length > 0) return { verdict: 'fails', value, reason: `diverged (non-finite loss), counted against the claim: seeds ${diverged.map((r) => r.seed).join(', ')}` };
  if (fitted.length === 0) return { verdict: 'holds', value, reason: `non-zero training error in all ${runs.length} seeds (smallest ${value})` };
  const verdict = 2 * fitted.length >= runs.length ? 'fails' : 'inconclusive';
  return { verdict, value, reason: `zero training error in ${fitted.length} of ${runs.length} seeds (${fitted.map((r) => r.seed).join(', ')})${verdict === 'fails' ? ': the narrow network fits the labels' : ''}` };
}

const narrow: Claim<NarrowSizes> = {
  id: 'zou2018.narrow-width-fails',
  paper: 'zou2018',
  theorem: 'Thm 4.1 (negative control: m far below the required width)',
  prediction: 'On the labels the wide networks fit, a network of width 2 does not reach zero training error under GD',
  falsifier: 'zero training error in at least half the seeds (the narrow network fits the labels), or a diverged run',
  negativeControl: true,
  sizes: NARROW_SIZES,
  experiment: (s) => `${dataText(s)} (the wide GD runs' data sets); L = ${s.L}, width m = ${s.width}, logistic loss, GD with η = ${s.c}/(L·m) for ${s.steps} steps, ${countText(s.seeds, 'seed')}`,
  statistic: 'holds when the training error after training is non-zero in every seed; fails when it is zero in at least half of them or a run diverged; inconclusive otherwise',
  run(ctx, s) {
    const runs: NarrowRun[] = [];
    for (let seed = 0; seed < s.seeds; seed++) {
      const ds = zou2018TrainingData(s, ctx.shared.fold('data', seed));
      const net = zou2018({ inputDim: s.d, width: s.width, depth: s.L });
      const res = train(net, net.init(ctx.rng.fold('init', seed)), ds.x, ds.y, {
        loss: makeLoss({ name: 'logistic' }), optimizer: { kind: 'gd' }, learningRate: s.c / (s.L * s.width), steps: s.steps, every: s.steps, rng: ctx.rng.fold('train', seed), signal: ctx.signal,
      });
      const last = res.records[res.records.length - 1];
      runs.push({ seed, trainingError: last.trainingError ?? NaN, loss: last.loss });
      ctx.progress(seed + 1, s.seeds);
    }
    const j = judgeNarrow(runs);
    return {
      ...j,
      measured: `final training errors ${runs.map((r) => `${r.trainingError} (${runName({ width: s.width, seed: r.seed })})`).join(', ')}; final losses ${runs.map((r) => r.loss.toExponential(2)).join(', ')}`,
      data: runs.map((r) => ({ width: s.width, seed: r.seed, trainingError: r.trainingError, loss: r.loss })),
    };
  },
};

export const zou2018NarrowClaims: Claim[] = [narrow];
