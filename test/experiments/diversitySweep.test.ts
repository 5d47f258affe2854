/**
 * The training side of chen2018's gradient diversity: the B_S probe against per-example gradients from
 * the full Jacobian, B_S along an SGD run, the network families, the critical batch size, a tiny batch
 * sweep (seconds) and its SVG plot through the generic Vega-Lite renderer. Cost on 2 cores: ≈ 6 s.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { chen2018Linear, chen2018TwoLayer } from '../../src/models/chen2018.js';
import { makeLoss } from '../../src/train/losses.js';
import { train } from '../../src/train/trainer.js';
import { vegaLiteToSvg } from '../../src/report/vegaSvg.js';
import { batchSweep, criticalBatch, DEFAULT_SWEEP, scanStepSizes, type BatchPoint } from '../../src/experiments/diversity/batchSweep.js';
import { writeBatchSweep } from '../../src/cli/batchSweepFiles.js';
import { epochsVsBatchSpec } from '../../src/plots/batchSweep.js';
import { depthFamily, widthFamily, widthForBudget } from '../../src/experiments/diversity/networks.js';
import { gradientDiversityProbe } from '../../src/experiments/diversity/probe.js';
import { diversityTrainRun } from '../../src/experiments/diversity/trainRun.js';
import { makeContext, num } from '../probes/context.js';

function bruteForceBS(net: ReturnType<typeof chen2018Linear>, params: Float64Array, x: Matrix, y: Matrix): number {
  const J = net.perExampleGradients(params, x); // N×P, ∇ŷ_i
  const f = net.forward(params, x);
  const P = J.cols;
  const sum = new Float64Array(P);
  let s1 = 0;
  for (let i = 0; i < x.rows; i++) {
    const r = f.data[i] - y.data[i];
    for (let k = 0; k < P; k++) {
      const g = r * J.data[i * P + k];
      s1 += g * g;
      sum[k] += g;
    }
  }
  return (x.rows * s1) / sum.reduce((a, v) => a + v * v, 0);
}

describe('the diversity probe (B_S along training)', () => {
  it('equals n·Σ‖∇f_i‖²/‖Σ∇f_i‖² from the per-example Jacobian, for sum and mean losses, linear and tanh nets', () => {
    const rng = Rng.fromSeed(3);
    for (const net of [chen2018Linear([4, 3, 2]), chen2018TwoLayer({ inputDim: 4, width: 5 })]) {
      const params = net.init(rng.fold(net.name));
      const x = new Matrix(9, 4, rng.fold('x').fillNormal(new Float64Array(36)));
      const y = new Matrix(9, 1, rng.fold('y').fillNormal(new Float64Array(9)));
      const want = bruteForceBS(net, params, x, y);
      for (const reduction of ['sum', 'mean'] as const) {
        const r = gradientDiversityProbe().measure(makeContext({ net, params, x, y, loss: makeLoss({ name: 'square', reduction }) }));
        assert.ok(Math.abs(num(r, 'B_S') - want) < 1e-10 * want, `${net.name} ${reduction}: ${num(r, 'B_S')} vs ${want}`);
        assert.ok(Math.abs(num(r, 'delta') - want / 9) < 1e-10);
        assert.ok(num(r, 'B_S') >= 1 - 1e-12);
      }
    }
  });

  it('records B_S at every record of train(); diversityTrainRun reports it with the loss falling', () => {
    const net = chen2018Linear([5, 8]);
    const rng = Rng.fromSeed(1);
    const x = new Matrix(20, 5, rng.fold('x').fillNormal(new Float64Array(100)));
    const y = net.forward(net.init(rng.fold('t')), x);
    const res = train(net, net.init(rng.fold('s')), x, y, {
      loss: makeLoss({ name: 'square', reduction: 'mean' }), optimizer: { kind: 'sgd', batchSize: 4 }, learningRate: 1e-3,
      steps: 20, every: 5, probes: [gradientDiversityProbe()], rng,
    });
    assert.equal(res.records.length, 5);
    for (const r of res.records) assert.ok(typeof r['diversity.B_S'] === 'number' && r['diversity.B_S'] >= 1);
    const run = diversityTrainRun({ model: { kind: 'linear', widths: [6, 12] }, n: 32, batch: 4, steps: 80, every: 20, seed: 2 });
    assert.equal(run.records.length, 5);
    assert.ok(run.records[4].loss < run.records[0].loss);
    assert.ok(run.records.every((r) => r.B_S !== null && r.B_S >= 1));
    assert.ok(run.bsExactInit !== null && run.bsExactInit > 1);
    assert.throws(() => diversityTrainRun({ model: { kind: 'linear', widths: [6, 12] }, n: 8, batch: 9, steps: 1, every: 1, seed: 0 }), ConfigError);
  });
});

describe('network families and the critical batch size', () => {
  it('depth family at a budget: K = (16,64) for 1088 weights, (16,26,26) at L = 3 (1118, the nearest)', () => {
    const [a, b] = depthFamily(16, [2, 3], 1088);
    assert.deepEqual(a.model, { kind: 'linear', widths: [16, 64] });
    assert.equal(a.parameters, 1088);
    assert.deepEqual(b.model, { kind: 'linear', widths: [16, 26, 26] });
    assert.equal(b.parameters, 1118);
    assert.equal(widthForBudget(16, 2, 17), 1);
    assert.equal(widthFamily(4, [2, 8], 'two-layer')[1].parameters, 40);
    assert.throws(() => widthFamily(4, [0]), /positive integers/);
  });

  it('the step-size scan finds the best c past one noisy slower c, caps runs at the best median, and ignores diverging c', () => {
    // epochs(c) for 3 seeds: c = 8 and 4 diverge; a noisy bump at c = 1 (3.1 after 3.0 at c = 2); the optimum at 0.5.
    const table: Record<number, (number | null)[]> = { 8: [null, null, null], 4: [null, 2, null], 2: [3, 3, 3], 1: [3.1, 3.1, 3], 0.5: [1.5, 1.5, 1.6], 0.25: [2, 2, 2], 0.125: [4, 4, 4], 0.0625: [8, 8, 8] };
    const caps: number[] = [];
    const { best, tried } = scanStepSizes([8, 4, 2, 1, 0.5, 0.25, 0.125, 0.0625], 100, (c, cap) => {
      caps.push(cap);
      return table[c].map((e) => ({ epochs: e !== null && e <= cap ? e : null, diverged: e === null }));
    });
    assert.equal(best?.c, 0.5);
    assert.equal(best?.med, 1.5);
    // Two slower c in a row (0.25, 0.125) end the scan; 0.0625 is never run.
    assert.deepEqual(tried.map((t) => t.c), [8, 4, 2, 1, 0.5, 0.25, 0.125]);
    assert.deepEqual(caps, [100, 100, 100, 3, 3, 1.5, 1.5]);
    assert.deepEqual(tried.map((t) => t.diverged), [3, 2, 0, 0, 0, 0, 0]);
  });
  it('critical B: the largest B before the first median beyond factor × the smallest B’s', () => {
    const pts = (m: (number | null)[]): BatchPoint[] => m.map((e, k) => ({ batch: 2 ** k, lrMultiplier: 1, medianEpochs: e, epochs: [], tried: [] }));
    assert.deepEqual(criticalBatch(pts([2, 2.5, 2.9, 3.1, 8]), 1.5), { base: 2, critical: 4 });
    assert.deepEqual(criticalBatch(pts([2, 4, 2, 2]), 1.5), { base: 2, critical: 1 });
    assert.deepEqual(criticalBatch(pts([2, 2, null, 2]), 1.5), { base: 2, critical: 2 });
    assert.deepEqual(criticalBatch(pts([null, 2]), 1.5), { base: null, critical: null });
  });
});

describe('the large-batch sweep (tiny) and its plot', () => {
  const result = batchSweep(widthFamily(8, [2, 32]), {
    ...DEFAULT_SWEEP, n: 32, batchSizes: [1, 2, 4, 8, 16, 32], seeds: 3, target: 1e-3, maxEpochs: 100, mcDraws: 400, recordsPerEpoch: 16,
  });

  it('every B reaches the target; epochs grow from B = 1 to B = n (monotone-ish); a critical B; B_S at init agrees', () => {
    assert.equal(result.networks.length, 2);
    for (const nw of result.networks) {
      const e = nw.points.map((p) => p.medianEpochs);
      assert.ok(e.every((v) => v !== null && v > 0), `${nw.label}: ${JSON.stringify(e)}`);
      const v = e as number[];
      assert.ok(v[v.length - 1] > 2 * v[0], `${nw.label}: ${v}`);
      let drops = 0;
      for (let k = 1; k < v.length; k++) if (v[k] < 0.75 * v[k - 1]) drops++;
      assert.ok(drops <= 1, `${nw.label}: ${v}`);
      assert.ok(nw.criticalBatch !== null && nw.criticalBatch >= 1 && nw.criticalBatch < 32);
      assert.ok(nw.bsExact !== null && nw.bsMonteCarlo !== null);
      assert.ok(Math.abs(nw.bsMonteCarlo.estimate - nw.bsExact) < 4 * nw.bsMonteCarlo.se, `${nw.label}: ${nw.bsMonteCarlo.estimate} vs ${nw.bsExact}`);
      assert.equal(nw.bsInit.length, 3);
      for (const p of nw.points) assert.ok(p.tried.length >= 1 && p.lrMultiplier !== null);
    }
    assert.ok(result.networks[1].bsExact! > result.networks[0].bsExact!); // wider, more diverse
  });

  it('renders epochs-vs-batch.svg: an <svg> with one line per network, the B_S rules and the critical-B marks', async () => {
    const svg = await vegaLiteToSvg(epochsVsBatchSpec(result));
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(svg.trimEnd().endsWith('</svg>'));
    const lineGroups = svg.match(/class="mark-line role-mark[^"]*"/g) ?? [];
    assert.ok(lineGroups.length >= 1);
    assert.equal((svg.match(/<path[^>]*aria-roledescription="line mark"/g) ?? []).length, 2);
    assert.match(svg, /class="mark-rule role-mark/);
    assert.match(svg, /class="mark-symbol role-mark/);
    assert.match(svg, /batch size B/);
    const dir = mkdtempSync(join(tmpdir(), 'overparam-diversity-'));
    try {
      const files = await writeBatchSweep(result, dir);
      for (const f of Object.values(files)) assert.ok(existsSync(f));
      assert.equal(JSON.parse(readFileSync(files.json, 'utf8')).networks.length, 2);
      assert.match(readFileSync(files.table, 'utf8'), /critical B/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the renderer takes any Vega-Lite spec and rejects a broken one with a ConfigError', async () => {
    const svg = await vegaLiteToSvg({ data: { values: [{ a: 1, b: 2 }, { a: 2, b: 3 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'ordinal' }, y: { field: 'b', type: 'quantitative' } } });
    assert.equal((svg.match(/aria-roledescription="bar"/g) ?? []).length, 2);
    await assert.rejects(vegaLiteToSvg({ mark: 'no-such-mark' }), ConfigError);
  });
});
