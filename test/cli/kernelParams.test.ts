/**
 * `overparam kernel --params`: the empirical kernel at a checkpoint's parameters is the kernel of those
 * parameters (computed here in-process from the same file), its spec comes from the checkpoint, and the
 * summary's per-layer parts and λ_min(G^(H)) / λ0 = λ_min(K^(H)) (du2019 Thm 5.1) are those of the
 * matrices written. Misuse is one clear line and exit 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyticKernel } from '../../src/kernels/analytic/index.js';
import { empiricalKernel } from '../../src/kernels/empirical.js';
import { lastHiddenWeight } from '../../src/kernels/lastHidden.js';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { eigvalsh } from '../../src/linalg/eigen.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { loadParams, saveParams } from '../../src/models/checkpoint.js';
import { buildModel } from '../../src/models/spec.js';
import { assertClearError, cli } from './malformed.js';

const SPEC = { preset: 'du2019-fc', inputDim: 4, width: 48, depth: 2 };
const N = 9;

describe('overparam kernel --params', () => {
  let dir = '';
  let x: Matrix;
  const at = (p: string): string => join(dir, p);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-kparams-'));
    x = new Matrix(N, 4, Rng.fromSeed(3).fillNormal(new Float64Array(N * 4)));
    writeFileSync(at('x.csv'), Array.from({ length: N }, (_, i) => Array.from(x.row(i)).join(',')).join('\n') + '\n');
    // A checkpoint far from initialization (the kernel must be of these parameters, not of a fresh draw).
    const net = buildModel(SPEC, 'spec');
    const p = net.init(Rng.fromSeed(11));
    for (let i = 0; i < p.length; i++) p[i] *= 1 + 0.5 * Math.sin(i);
    saveParams(at('params.safetensors'), net, p, { spec: SPEC, step: 7 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('computes the empirical kernel of the checkpoint, with its spec, step and per-layer parts', () => {
    const r = cli(['kernel', '--params', at('params.safetensors'), '-d', at('x.csv'), '--per-layer', '-o', at('k'), '-q']);
    assert.equal(r.status, 0, r.stderr);
    const net = buildModel(SPEC, 'spec');
    const { params } = loadParams(at('params.safetensors'), net);
    const want = empiricalKernel(net, params, x, undefined, { perParam: true });
    const got = loadSafetensors(at('k/kernel.safetensors')).tensors;
    const k = got['kernel'].data as Float64Array;
    for (let i = 0; i < k.length; i++) assert.ok(Math.abs(k[i] - want.kernel.data[i]) <= 1e-12 * Math.abs(want.kernel.data[i]) + 1e-14, `entry ${i}`);
    const summary = JSON.parse(readFileSync(at('k/summary.json'), 'utf8')) as {
      step: number; params: string; parts: Record<string, { trace: number; lambdaMin: number; lambdaMax: number }>;
      lastHiddenLayer: { tensor: string; lambdaMin: number }; lambda0?: number;
    };
    assert.equal(summary.step, 7);
    assert.equal(summary.params, at('params.safetensors'));
    assert.equal(summary.lambda0, undefined, 'λ0 is the limit, not a finite-width figure');
    const hidden = lastHiddenWeight(net)!;
    assert.equal(summary.lastHiddenLayer.tensor, hidden);
    for (const [name, part] of Object.entries(summary.parts)) {
      const m = got[`parts/${name}`].data as Float64Array;
      const ev = eigvalsh(new Matrix(N, N, Float64Array.from(m)));
      assert.ok(Math.abs(part.lambdaMin - ev[0]) <= 1e-12 * ev[N - 1], `${name} λ_min`);
      assert.ok(Math.abs(part.lambdaMax - ev[N - 1]) <= 1e-12 * ev[N - 1], `${name} λ_max`);
    }
    assert.equal(summary.lastHiddenLayer.lambdaMin, summary.parts[hidden].lambdaMin);
  });

  it('a kernel at initialization differs from the checkpoint\'s (the parameters were used)', () => {
    const r = cli(['kernel', '-m', JSON.stringify(SPEC), '-d', at('x.csv'), '-o', at('k0'), '-q', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const a = loadSafetensors(at('k0/kernel.safetensors')).tensors['kernel'].data as Float64Array;
    const b = loadSafetensors(at('k/kernel.safetensors')).tensors['kernel'].data as Float64Array;
    assert.ok(a.some((v, i) => Math.abs(v - b[i]) > 1e-6 * Math.abs(v)));
  });

  it('reports λ0 = λ_min(K^(H)) of the analytic kernel, the least eigenvalue of its last hidden layer\'s part', () => {
    const r = cli(['kernel', '-m', JSON.stringify(SPEC), '-d', at('x.csv'), '-k', 'analytic', '-o', at('ka'), '-q', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { lambda0: number; lastHiddenLayer: { tensor: string } };
    const net = buildModel(SPEC, 'spec');
    const hidden = lastHiddenWeight(net)!;
    const kH = analyticKernel(net, x).ntkByParam.get(hidden)!;
    const ev = eigvalsh(kH);
    assert.equal(summary.lastHiddenLayer.tensor, hidden);
    assert.ok(summary.lambda0 > 0);
    assert.ok(Math.abs(summary.lambda0 - ev[0]) <= 1e-12 * ev[N - 1], `${summary.lambda0} against ${ev[0]}`);
  });

  it('misuse is one clear line and exit 2', () => {
    assertClearError(cli(['kernel', '--params', at('params.safetensors'), '-k', 'analytic', '-d', at('x.csv'), '-o', at('e1')]), /--params gives the weights of an empirical kernel/, 'analytic with --params');
    assertClearError(cli(['kernel', '-d', at('x.csv'), '-o', at('e2')]), /give --model .* or --params/, 'neither');
    assertClearError(cli(['kernel', '--params', at('x.csv'), '-d', at('x.csv'), '-o', at('e3')]), /x\.csv/, 'not a checkpoint');
    assertClearError(cli(['kernel', '--params', at('params.safetensors'), '-m', JSON.stringify({ ...SPEC, width: 32 }), '-d', at('x.csv'), '-o', at('e4')]), /params\.safetensors: tensor .* has shape .* needs/, 'another width');
    assertClearError(cli(['kernel', '--params', at('nope.safetensors'), '-d', at('x.csv'), '-o', at('e5')]), /--params.*nope\.safetensors/, 'missing file');
  });
});
