/**
 * The playground's training session against independent references: G(0) against the Jacobian
 * contraction JJᵀ, a GD step against θ − η·∇L from the network's gradient, η against c/(κ·λ_max),
 * weight movement and drift from their definitions, the decision boundary against forward passes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { eigvalsh } from '../../src/linalg/eigen.js';
import { parsePlaygroundRun, renderPlaygroundReport } from '../../src/report/playgroundRun.js';
import { DEFAULT_CONFIG, reconcile, type PlaygroundConfig } from '../../web/src/config.js';
import { buildProblem } from '../../web/src/engine/problem.js';
import { Session, TrainingStopped } from '../../web/src/engine/session.js';
import { compareWidths, fitDrift, type WidthRun } from '../../web/src/engine/widthComparison.js';
import { runToJson } from '../../web/src/exportRun.js';
import { forEachBackend } from '../helpers.js';

const small = (c: Partial<PlaygroundConfig>): PlaygroundConfig => reconcile({ ...DEFAULT_CONFIG, width: 24, n: 10, ...c }).config;

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

forEachBackend('playground session', () => {
  it('G(0) equals the Jacobian contraction JJᵀ (one output) and its trace over outputs (liu2020, C = 2)', () => {
    for (const preset of ['du2019-fc', 'liu2020-linear'] as const) {
      const p = buildProblem(small({ preset }));
      const s = new Session(p, { infiniteWidth: false });
      const J = p.net.jacobian(p.params0, p.x); // (n·C) × P, row i·C + c
      const P = p.net.trainableSize;
      const C = p.net.outputs;
      const n = p.x.rows;
      const ref = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let c = 0; c < C; c++) {
        let dot = 0;
        for (let k = 0; k < P; k++) dot += J.data[(i * C + c) * J.cols + k] * J.data[(j * C + c) * J.cols + k];
        ref[i * n + j] += dot;
      }
      assert.ok(relDiff(s.kernel0.data, ref) < 1e-10, preset);
    }
  });

  it('η = c/(κ·λ_max(G(0))) for the summed square loss (κ = 1)', () => {
    const p = buildProblem(small({ lr: 0.8 }));
    const s = new Session(p, { infiniteWidth: false });
    const lmax = eigvalsh(s.kernel0)[p.x.rows - 1];
    assert.ok(Math.abs(p.eta * lmax - 0.8) < 1e-10);
  });

  it('a step is θ − η·∇L, reports the loss it left, and moves the weights by exactly that much', () => {
    const p = buildProblem(small({ preset: 'zou2018', data: 'moons', width: 20 }));
    const s = new Session(p, { infiniteWidth: false });
    const out = p.net.forward(p.params0, p.x);
    const grad = p.net.gradient(p.params0, p.x, p.loss.gradient(out, p.y));
    const expected = p.params0.slice();
    for (let i = 0; i < grad.length; i++) expected[i] -= p.eta * grad[i];
    const point = s.advance();
    assert.equal(point.step, 0);
    assert.ok(Math.abs(point.loss - p.loss.value(out, p.y)) < 1e-12);
    assert.ok(relDiff(s.params, expected) < 1e-12);
    let d = 0;
    let n0 = 0;
    for (let i = 0; i < p.net.trainableSize; i++) {
      d += (expected[i] - p.params0[i]) ** 2;
      n0 += p.params0[i] ** 2;
    }
    assert.ok(Math.abs(s.movement() - Math.sqrt(d / n0)) < 1e-12);
  });

  it('drift is 0 at step 0 and ‖G(t) − G(0)‖/‖G(0)‖ later; the loss falls under GD at c = 0.5', () => {
    const p = buildProblem(small({ width: 64, n: 12 }));
    const s = new Session(p, { infiniteWidth: false });
    const first = s.snapshot();
    assert.equal(first.drift, 0);
    const l0 = s.loss();
    for (let t = 0; t < 20; t++) s.advance();
    assert.ok(s.loss() < 0.9 * l0, `loss ${s.loss()} vs ${l0}`);
    const later = s.snapshot();
    const k0 = s.kernel0.data;
    assert.ok(later.drift > 0);
    assert.ok(Math.abs(later.drift - relDiff(later.kernel, k0)) < 1e-12);
  });

  it('the decision boundary is the network output on the embedded grid, top row first', () => {
    const p = buildProblem(small({ data: 'circles' }));
    const s = new Session(p, { gridSize: 5, infiniteWidth: false });
    const g = s.grid;
    assert.ok(g && p.plane);
    const snap = s.snapshot();
    assert.ok(snap.boundary);
    // Grid point (row 0, column 4) is the top-right corner cell's centre.
    const raw = new Matrix(1, 2, Float64Array.from([g.xMin + (4.5 / 5) * (g.xMax - g.xMin), g.yMax - (0.5 / 5) * (g.yMax - g.yMin)]));
    const f = p.net.forward(s.params, p.plane.embed(raw));
    assert.ok(Math.abs(snap.boundary[4] - f.data[0]) < 1e-12);
  });

  it('the RNN snapshot has one hidden norm per time step', () => {
    const p = buildProblem(small({ preset: 'allenzhu2019-rnn', depth: 4, width: 32 }));
    const snap = new Session(p).snapshot();
    assert.equal(snap.hiddenNorms?.length, 4);
    // allenzhu2019 Lemma (forward stability): ‖h_1‖ near 1 at init for unit first tokens (W, A ~ N(0, 2/m)).
    assert.ok(snap.hiddenNorms && snap.hiddenNorms[0] > 0.5 && snap.hiddenNorms[0] < 1.6);
  });

  it('a step size far beyond stability stops training with the step named, keeping the parameters finite', () => {
    const p = buildProblem(small({ width: 16 }));
    const huge = { ...p, eta: p.eta * 1e12 };
    const s = new Session(huge, { infiniteWidth: false });
    let stopped: TrainingStopped | null = null;
    for (let t = 0; t < 50 && !stopped; t++) {
      try {
        s.advance();
      } catch (e) {
        if (!(e instanceof TrainingStopped)) throw e;
        stopped = e;
      }
    }
    assert.ok(stopped, 'expected training to stop');
    assert.match(stopped.message, /step \d+/);
    assert.ok(s.params.every(Number.isFinite));
  });
});

describe('playground width comparison', () => {
  it('fits the slope of log drift against log width (synthetic runs with drift = 3·m^−½)', () => {
    const runs: WidthRun[] = [64, 128, 256, 512].map((width) => ({ width, curve: [], finalDrift: 3 / Math.sqrt(width), finalMovement: 0, finalLoss: 0, stopped: null }));
    const fit = fitDrift(runs);
    assert.ok(fit && Math.abs(fit.slope + 0.5) < 1e-12);
    // A run that stopped early is left out; one run is too few.
    assert.equal(fitDrift([runs[0], { ...runs[1], stopped: 'non-finite' }]), null);
  });

  it('drift after training shrinks with width for the du2019 FC network (liu2020 Thm 3.2: slope ≈ −½)', () => {
    const it = compareWidths(small({ n: 8, activation: 'softplus' }), [32, 128, 512], 30, 10);
    let r = it.next();
    while (!r.done) r = it.next();
    const { runs, fit } = r.value;
    assert.equal(runs.length, 3);
    assert.ok(runs.every((x) => x.stopped === null && x.curve[x.curve.length - 1].step === 30));
    assert.ok(fit);
    // Softplus (du2019's activation; tanh's σ″(0) = 0 makes its drift fall faster, near m^−1): finite-width
    // slopes at these sizes lie within ±0.25 of −½ (a drift independent of width would give 0).
    assert.ok(fit.slope > -0.75 && fit.slope < -0.25, `slope ${fit.slope}`);
  });
});

describe('playground export', () => {
  it('runToJson gives a file that parsePlaygroundRun accepts and the report renders', async () => {
    const p = buildProblem(small({}));
    const s = new Session(p);
    const steps = [s.point()];
    for (let t = 0; t < 5; t++) steps.push(s.advance());
    const snap = s.snapshot();
    const json = runToJson({
      info: { config: p.config, network: p.net.name, parameters: p.net.trainableSize, eta: p.eta, n: p.x.rows, output: p.output, kernel0: s.kernel0.data, kernelInfinite: null, kernelInfiniteNote: '', lambdaMin0: s.lambdaMin0, plane: null, sequenceLength: null },
      steps, kernel: [snap], stopped: null, comparison: null,
    }, '2026-01-01T00:00:00Z');
    const back = parsePlaygroundRun(JSON.parse(JSON.stringify(json)), 'run.json');
    assert.equal(back.steps.length, 6);
    assert.match(back.link, /preset=du2019-fc/);
    const html = await renderPlaygroundReport(back, async (spec) => `<svg data-title="${String(spec['title'])}"></svg>`);
    assert.match(html, /training loss/);
    assert.match(html, /kernel drift and weight movement/);
  });

  it('a malformed export is refused with the field named', () => {
    assert.throws(() => parsePlaygroundRun({ format: 'overparam-playground/1', config: {}, network: 'x', generated: '', link: '', parameters: 1, eta: 1, steps: [{ step: 0, loss: 'a', movement: 0 }], kernel: [] }, 'r.json'), /r\.json: steps\[0\]\.loss/);
    assert.throws(() => parsePlaygroundRun({ format: 'other' }, 'r.json'), /format/);
  });
});


/** What the page's views need from a session after `steps` GD steps: the reasons a view would stay empty. */
function emptyViews(c: PlaygroundConfig, steps: number): string[] {
  const s = new Session(buildProblem(c));
  const loss0 = s.loss();
  for (let k = 0; k < steps; k++) s.advance();
  const snap = s.snapshot();
  const empty: string[] = [];
  if (!(s.lambdaMin0 > 0)) empty.push(`λ_min(G(0)) is ${s.lambdaMin0} (singular to working precision)`);
  if (!(snap.lambdaMin > 0)) empty.push(`λ_min(G(${steps})) is ${snap.lambdaMin}`);
  if (!(snap.drift > 0)) empty.push(`kernel drift is ${snap.drift}`);
  if (!(s.movement() > 0)) empty.push(`weight movement is ${s.movement()}`);
  if (s.kernelInfinite === null) empty.push(`no infinite-width kernel: ${s.kernelInfiniteNote}`);
  if (snap.boundary === null) empty.push('no decision boundary');
  if (!(s.loss() < loss0 / 2)) empty.push(`the loss went from ${loss0} to ${s.loss()} in ${steps} steps`);
  return empty;
}

describe('the playground default configuration', () => {
  it('fills every view on first load: λ_min(G) positive at step 0 and after 200 steps, drift, movement, K∞, boundary, a falling loss', () => {
    assert.deepEqual(emptyViews(DEFAULT_CONFIG, 200), []);
  });

  it('the check catches a configuration whose λ_min chart stays empty (softplus on 64 moons: G(0) singular)', () => {
    const empty = emptyViews(reconcile({ ...DEFAULT_CONFIG, activation: 'softplus', n: 64 }).config, 20);
    assert.ok(empty.some((e) => e.startsWith('λ_min(G(0))')), empty.join('; '));
  });
});
