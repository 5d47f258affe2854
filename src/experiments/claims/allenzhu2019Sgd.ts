/**
 * allenzhu2019 item (b) of "What the project must show" for SGD (Thm 2): mini-batch SGD on the Elman
 * RNN, with the sum-reduced loss's batch gradient scaled by n/|S| (unbiased), also converges linearly —
 * log f falls linearly in t — at η = c/m (shared/theory/allenzhu2019-rnn-convergence.md).
 */
import { flattenSequences, rnnSequences } from '../../data/allenzhu2019.js';
import { allenZhu2019 } from '../../models/allenzhu2019.js';
import { fitLine } from '../../stats/regression.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import type { RnnSizes } from './allenzhu2019.js';
import type { Claim } from './claim.js';
import { linePlot } from '../../plots/charts.js';
import { countText, listText } from './prose.js';

/** Records below this fraction of f(W_0) sit at the float64 floor and are left out of the fit. */
const FLOOR = 1e-12;

/** The same sizes as the GD runs of the shared allenzhu2019 training group (horizon, sequences, steps, c). */
type SgdSizes = RnnSizes;

const sgd: Claim<SgdSizes> = {
  id: 'allenzhu2019.sgd-linear-convergence',
  paper: 'allenzhu2019',
  theorem: 'Thm 2 (SGD): E f(W_{t+1}) ≤ (1 − Ω(ηδm/poly))·f(W_t)',
  prediction: 'SGD with batch size 1 also converges linearly: log f falls linearly in t to a small fraction of f(W_0)',
  falsifier: 'a run ending above 1e-2·f(W_0), or whose log f is fitted against t with R² < 0.8, or whose loss is not finite at some record',
  sizes: { quick: { widths: [128, 512], seeds: 2, L: 5, n: 4, steps: 800, c: 0.25 }, full: { widths: [128, 512, 1024], seeds: 3, L: 5, n: 4, steps: 800, c: 0.25 } },
  experiment: (s) => `Elman ReLU RNN trained in W only: n = ${s.n} sequences, L = ${s.L}, d_x = 6, d = 2, SGD with batch size 1 (gradient scaled by n/|S|), η = ${s.c}/m for ${s.steps} steps, widths ${listText(s.widths)} with ${countText(s.seeds, 'seed')}; log f fitted against t over the records above ${FLOOR}·f(W_0)`,
  statistic: 'per run, f(W_T)/f(W_0) ≤ 1e-4 and R² of the linear fit of log f against t ≥ 0.9 (fails: a run ending above 1e-2·f(W_0), R² < 0.8 or a non-finite loss); records at the float64 floor are counted, not fitted; the per-step rates are reported per width, not judged (their independence of m is judged for GD in allenzhu2019.linear-convergence)',
  run(ctx, s) {
    const runs: { width: number; seed: number; ratio: number; r2: number; rate: number; atFloor: number; nonFinite: number; curve: { step: number; loss: number }[] }[] = [];
    let done = 0;
    for (let seed = 0; seed < s.seeds; seed++) {
      const { x, y } = flattenSequences(rnnSequences({ n: s.n, L: s.L, dx: 6, d: 2, rng: ctx.rng.fold('data', seed) }));
      for (const m of s.widths) {
        const net = allenZhu2019({ inputDim: 6, length: s.L, width: m, outputs: 2 });
        const res = train(net, net.init(ctx.rng.fold('init', m, seed)), x, y, {
          loss: makeLoss({ name: 'square', reduction: 'sum', weights: Array.from({ length: s.L * 2 }, (_, k) => (k < 2 ? 0 : 1)) }),
          optimizer: { kind: 'sgd', batchSize: 1 }, learningRate: s.c / m, steps: s.steps, every: 20, rng: ctx.rng.fold('sgd', m, seed), signal: ctx.signal,
        });
        const f0 = res.records[0].loss;
        const curve = res.records.map((r) => ({ step: r.step, loss: r.loss }));
        const nonFinite = curve.filter((p) => !Number.isFinite(p.loss)).length;
        const above = curve.filter((p) => Number.isFinite(p.loss) && p.loss > FLOOR * f0);
        const fit = above.length >= 2 ? fitLine(above.map((p) => p.step), above.map((p) => Math.log(p.loss))) : { r2: NaN, slope: NaN };
        runs.push({ width: m, seed, ratio: curve[curve.length - 1].loss / f0, r2: fit.r2, rate: -fit.slope, atFloor: curve.length - above.length - nonFinite, nonFinite, curve });
        ctx.progress(++done, s.widths.length * s.seeds);
      }
    }
    // A diverged run (a non-finite loss) fails: its ratio is NaN, which no comparison below would catch.
    const failing = runs.filter((r) => r.nonFinite > 0 || !(r.ratio <= 1e-2) || !(r.r2 >= 0.8));
    const doubtful = runs.filter((r) => r.ratio > 1e-4 || r.r2 < 0.9);
    const verdict = failing.length > 0 ? 'fails' : doubtful.length > 0 ? 'inconclusive' : 'holds';
    const describe = (r: (typeof runs)[number]): string => `m = ${r.width} seed ${r.seed}: f_T/f_0 = ${r.ratio.toExponential(1)}, R² ${r.r2.toFixed(3)}${r.nonFinite > 0 ? `, ${r.nonFinite} non-finite records` : ''}`;
    const rateAt = (m: number): string => runs.filter((r) => r.width === m).map((r) => r.rate.toExponential(2)).join(', ');
    const floor = runs.filter((r) => r.atFloor > 0).map((r) => `m = ${r.width} seed ${r.seed}: ${r.atFloor}`);
    return {
      verdict,
      value: Math.max(...runs.map((r) => r.ratio)),
      reason: verdict === 'holds'
        ? `every run fell linearly in log f (smallest R² ${Math.min(...runs.map((r) => r.r2)).toFixed(3)}) to f_T/f_0 ≤ ${Math.max(...runs.map((r) => r.ratio)).toExponential(1)}`
        : (failing.length > 0 ? failing : doubtful).map(describe).join('; '),
      measured: `largest f_T/f_0 ${Math.max(...runs.map((r) => r.ratio)).toExponential(1)}, smallest R² ${Math.min(...runs.map((r) => r.r2)).toFixed(3)}; per-step rates ${s.widths.map((m) => `m = ${m}: ${rateAt(m)}`).join('; ')}; records at the float64 floor left out of the fit: ${floor.length > 0 ? floor.join(', ') : 'none'}`,
      data: runs.flatMap((r) => r.curve.map((p) => ({ ...p, run: `m = ${r.width}, seed ${r.seed}` }))),
      plot: linePlot({ x: 'step', y: 'loss', xTitle: 'SGD step t', yTitle: 'f(W_t)', series: 'run', logY: true }),
    };
  },
};

export const allenZhu2019SgdClaims: Claim[] = [sgd];
