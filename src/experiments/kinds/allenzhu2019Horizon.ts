/**
 * Point kind `allenzhu2019.horizon-run`: at one horizon L and (data, initialization) draw, the largest
 * stable step-size constant c (η = c/m) of GD on allenzhu2019's Elman ReLU RNN and the fewest iterations
 * to f ≤ ε·f(W_0) — the measurement allenzhu2019.horizon-polynomial fits against L (allenzhu2019 Thm 1:
 * η = Θ̃(δ/(m·poly(n,d,L))), T = Ω̃(poly(n,d,L)/δ²·log(1/ε))).
 *
 * Randomness: the claim's stream, Rng.fromSeed(seed).fold('claim', 'allenzhu2019.horizon-polynomial'), as the
 * claim drew when it ran whole: data from ('data', L, replicate), the network from ('init', L, replicate),
 * each GD run from ('train', L, replicate, "c = <c>").
 */
import { flattenSequences, rnnSequences } from '../../data/allenzhu2019.js';
import { Rng } from '../../linalg/random/rng.js';
import { allenZhu2019 } from '../../models/allenzhu2019.js';
import { integer, number } from '../../models/specReader.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import { registerPointKind, type PointContext, type PointParams } from '../runner/registry.js';
import { knownParams, WHERE } from './params.js';

export const ALLENZHU2019_HORIZON_RUN = 'allenzhu2019.horizon-run';
const STREAM_CLAIM = 'allenzhu2019.horizon-polynomial';

/** Step-size constants c (η = c/m), largest first; each halves the one before. */
const STEP_GRID = Array.from({ length: 16 }, (_, k) => 32 / 2 ** k); // 32 … 2^−10

export interface HorizonRun {
  L: number;
  seed: number;
  /** The largest c whose GD run reached f ≤ ε·f(W_0) within the step budget: the grid's, narrowed by bisection. */
  stableC: number;
  /** The fewest steps to ε over the c run (the best-tuned step size, at or below stableC). */
  iterations: number;
}

/**
 * GD on the Elman RNN (only W trained; loss ½Σ_{i,l≥2}‖Bh − y*‖², Sec 2) at η = c/m, down the grid
 * from the largest c: the first c whose run reaches the target is the stable c; halving goes on while it
 * lowers the steps to the target, and the fewest is the iterations to ε. A run counts as unstable (and
 * stops) as soon as a record's loss exceeds f(W_0) or is not finite.
 */
export function horizonRun(rng: Rng, L: number, seed: number, o: { m: number; n: number; steps: number; slowSteps: number; eps: number }): HorizonRun | string {
  const first = gridSearch(rng, L, seed, o, o.steps);
  // A draw with no step-size window within the budget gets the longer one (its stable c is then judged
  // by that budget); every other draw keeps the budget that defines "stable" for all.
  return typeof first === 'string' ? gridSearch(rng, L, seed, o, o.slowSteps) : first;
}

function gridSearch(rng: Rng, L: number, seed: number, o: { m: number; n: number; eps: number }, budget: number): HorizonRun | string {
  const dx = 6;
  const d = 2;
  const ds = rnnSequences({ n: o.n, L, dx, d, rng: rng.fold('data', L, seed) });
  const { x, y } = flattenSequences(ds);
  const net = allenZhu2019({ inputDim: dx, length: L, width: o.m, outputs: d });
  const params = net.init(rng.fold('init', L, seed));
  const loss = makeLoss({ name: 'square', reduction: 'sum', weights: Array.from({ length: L * d }, (_, k) => (k < d ? 0 : 1)) });
  const f0 = loss.value(net.forward(params, x), y);
  const attempt = (c: number): { converged: boolean; steps: number; stop: string } => {
    const abort = new AbortController();
    const res = train(net, params, x, y, {
      loss, optimizer: { kind: 'gd' }, learningRate: c / o.m, steps: budget, every: recordEvery(L), targetLoss: o.eps * f0, rng: rng.fold('train', L, seed, `c = ${c}`),
      signal: abort.signal,
      onRecord: (r) => {
        if (!(r.loss <= f0)) abort.abort();
      },
    });
    return { converged: res.stop === 'target', steps: res.steps, stop: res.stop };
  };
  let best: HorizonRun | null = null;
  const outcomes = { diverged: 0, slow: 0 };
  for (const c of STEP_GRID) {
    const res = attempt(c);
    if (best === null) {
      if (res.converged) best = { L, seed, stableC: c, iterations: res.steps };
      else if (res.stop === 'steps') outcomes.slow++;
      else outcomes.diverged++;
      continue;
    }
    // Past the largest stable c: keep halving while it speeds convergence up.
    if (!res.converged || res.steps >= best.iterations) break;
    best = { ...best, iterations: res.steps };
  }
  if (best !== null && best.stableC < STEP_GRID[0]) best = bisect(best, attempt);
  return best ?? `L = ${L} (seed ${seed}; δ = ${Number(ds.meta.delta).toPrecision(2)}, f(W_0) = ${f0.toPrecision(3)}): ${outcomes.diverged} of ${STEP_GRID.length} step sizes diverged, ${outcomes.slow} did not reach ε in ${budget} steps`;
}

/**
 * The stable c between the grid's largest stable c and its double (which did not reach ε), narrowed by
 * BISECTIONS halvings of the log-interval: a factor 2 leaves the 1/c law quantized in steps of log 2 ≈ 0.69,
 * larger than its scatter between draws at a horizon (draws at one L often share a grid value, so the
 * lack-of-fit test's pure error is near 0 there and any curvature of the quantized means reads as lack of fit);
 * two halvings leave 2^{1/4} (±9%). A refined c that converges faster also lowers the iterations.
 */
export const BISECTIONS = 2;

function bisect(run: HorizonRun, attempt: (c: number) => { converged: boolean; steps: number }): HorizonRun {
  let lo = Math.log2(run.stableC);
  let hi = lo + 1;
  let best = run;
  for (let k = 0; k < BISECTIONS; k++) {
    const mid = (lo + hi) / 2;
    const c = 2 ** mid;
    const res = attempt(c);
    if (res.converged) {
      lo = mid;
      best = { ...best, stableC: c, iterations: Math.min(best.iterations, res.steps) };
    } else hi = mid;
  }
  return best;
}

/**
 * Steps between records, where the target is checked: every step while runs are short (at L ≤ 8 the best-tuned
 * run reaches ε in 5–75 steps, so a 5-step grid would quantize iterations by up to 100% and corrupt the lack-of-fit
 * test's pure error), every 5 beyond (100+ steps: ≤ 5%) — a record costs a forward pass.
 */
const recordEvery = (L: number): number => (L <= 8 ? 1 : 5);

export interface HorizonRunParams {
  L: number;
  replicate: number;
  m: number;
  n: number;
  steps: number;
  slowSteps: number;
  eps: number;
}

function readParams(p: PointParams): HorizonRunParams {
  knownParams(p, ['L', 'replicate', 'm', 'n', 'steps', 'slowSteps', 'eps']);
  const int = (k: string, min: number): number => integer(p, k, WHERE, { min });
  const eps = number(p, 'eps', WHERE, { optional: false, exclusiveMin: 0, max: 1 });
  return { L: int('L', 1), replicate: int('replicate', 0), m: int('m', 1), n: int('n', 1), steps: int('steps', 1), slowSteps: int('slowSteps', 1), eps };
}

function point(p: PointParams, ctx: PointContext): Record<string, unknown> {
  const s = readParams(p);
  const r = horizonRun(Rng.fromSeed(ctx.seed).fold('claim', STREAM_CLAIM), s.L, s.replicate, s);
  return typeof r === 'string' ? { stableC: null, iterations: null, failure: r } : { stableC: r.stableC, iterations: r.iterations };
}

/**
 * Expected seconds on one core: the step-size search runs ≈ 10 GD runs, each step L products of the m×m
 * recurrent matrix with n columns, and the steps to ε grow polynomially in L (the claim); measured at quick
 * scale on the reference machine (README), the search takes ≈ 0.0093·L^2.15 s at m = 256, n = 3 (0.04 s at
 * L = 2, 8.7 s at L = 24).
 */
function cost(p: PointParams): number {
  const s = readParams(p);
  return 0.01 + 0.0093 * s.L ** 2.15 * (s.m / 256) ** 2 * (s.n / 3);
}

registerPointKind(ALLENZHU2019_HORIZON_RUN, point, {
  summary: 'the largest stable step size and the iterations to ε of GD on allenzhu2019\'s RNN at one horizon L (allenzhu2019.horizon-polynomial)',
  params: [
    { name: 'L', type: 'integer ≥ 1', required: true, doc: 'the horizon (sequence length)' },
    { name: 'replicate', type: 'integer ≥ 0', required: true, doc: 'which (data, initialization) draw at this L' },
    { name: 'm', type: 'integer ≥ 1', required: true, doc: 'the width' },
    { name: 'n', type: 'integer ≥ 1', required: true, doc: 'training sequences (d_x = 6, d = 2)' },
    { name: 'steps', type: 'integer ≥ 1', required: true, doc: 'the step budget that defines a stable c' },
    { name: 'slowSteps', type: 'integer ≥ 1', required: true, doc: 'the budget for a draw at which no c reaches ε within steps' },
    { name: 'eps', type: 'number in (0, 1]', required: true, doc: 'the target f ≤ eps·f(W_0)' },
    { name: 'seed', type: 'integer ≥ 0', default: 0, doc: "the seed whose allenzhu2019.horizon-polynomial stream draws the data, the network and training" },
  ],
  result: {
    stableC: 'the largest c whose GD run reaches the target within the budget, narrowed by bisection (null: none on the grid)',
    iterations: 'the fewest steps to the target over the c run (null: none)',
    failure: 'when no c on the grid reaches the target: why, in words',
  },
  validate: (p) => void readParams(p),
  cost,
  builtIn: true,
});
