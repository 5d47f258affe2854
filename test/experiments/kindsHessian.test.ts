/**
 * The built-in point kind `hessian`: its Lanczos eigenvalues equal those of the dense Hessian assembled column by
 * column from exact Hessian-vector products and diagonalized by LAPACK (to 1e-9 relative), at initialization and at
 * the parameters the train kind ends with, and for one output at one input (liu2020's ∇²f(x_i)); the default needs no
 * learning rate; the example spec runs; bad parameters exit 2 up front naming the field; --kinds documents the kind.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { hessianPoint } from '../../src/experiments/kinds/hessian.js';
import { runTrainPoint, trainPoint } from '../../src/experiments/kinds/train.js';
import { eigvalsh } from '../../src/linalg/eigen.js';
import { Matrix } from '../../src/linalg/matrix.js';
import type { CotangentTangent } from '../../src/nn/network.js';
import { cli, malformedCase } from '../cli/malformed.js';
import type { PointParams } from '../../src/experiments/runner/registry.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL = { preset: 'du2019-fc', inputDim: 3, width: 6, depth: 2 };

let dir = '';
const at = (...p: string[]): string => join(dir, ...p);

/** The dense Hessian (columns H·e_j from net.hvp) of the loss, or of output 0 at example i, and its eigenvalues, at θ. */
function denseLossSpectrum(p: PointParams, seed: number, example?: number): { values: Float64Array; theta: Float64Array } {
  const run = runTrainPoint(p, { seed }, ['of', 'count', 'which', 'iterations', 'tolerance', 'example'], 0);
  const { net, data, loss } = run;
  const theta = run.result.params;
  const P = net.trainableSize;
  const x = example === undefined ? data.x : data.x.rowBlock(example, example + 1);
  const pass = net.forwardPass(theta, x);
  const g = example === undefined ? loss.gradient(pass.out, data.y) : Matrix.from([[1]]);
  const dg: CotangentTangent | undefined = example === undefined ? (fDot) => loss.hessianVector(pass.out, data.y, fDot) : undefined;
  const H = new Matrix(P, P);
  for (let j = 0; j < P; j++) {
    const e = new Float64Array(P);
    e[j] = 1;
    const col = net.hvp(theta, x, e, g, dg, pass);
    for (let i = 0; i < P; i++) H.data[i * P + j] = col[i];
  }
  for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) H.data[i * P + j] = H.data[j * P + i] = (H.data[i * P + j] + H.data[j * P + i]) / 2;
  return { values: eigvalsh(H), theta };
}

function byMagnitude(v: Float64Array, k: number): number[] {
  return Array.from(v).sort((a, b) => Math.abs(b) - Math.abs(a)).slice(0, k);
}

function closeRel(got: unknown, want: number[], tol: number): void {
  assert.ok(Array.isArray(got));
  assert.equal(got.length, want.length);
  const scale = Math.max(...want.map(Math.abs));
  got.forEach((g, i) => assert.ok(Math.abs((g as number) - want[i]) <= tol * scale, `eigenvalue ${i}: ${String(g)} against ${want[i]}`));
}

describe('point kind hessian', () => {
  before(() => (dir = mkdtempSync(join(tmpdir(), 'overparam-kinds-hessian-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('at initialization (no learning rate needed): the top 3 |λ| of ∇²L equal the dense Hessian\'s', () => {
    const p = { model: MODEL, n: 5, count: 3, iterations: 80 };
    const got = hessianPoint(p, { seed: 1 });
    const dense = denseLossSpectrum(p, 1);
    assert.equal(got['steps'], 0);
    assert.equal(got['converged'], true);
    closeRel(got['eigenvalues'], byMagnitude(dense.values, 3), 1e-9);
    assert.equal(got['norm'], Math.abs((got['eigenvalues'] as number[])[0]));
  });

  it('after 30 GD steps: measured at the parameters the train kind ends with, both ends of the spectrum', () => {
    const base = { model: MODEL, n: 5, lr: 0.05, steps: 30 };
    const dense = denseLossSpectrum({ ...base, count: 2 }, 2);
    const top = hessianPoint({ ...base, which: 'largest', count: 2, iterations: 80 }, { seed: 2 });
    const bottom = hessianPoint({ ...base, which: 'smallest', count: 2, iterations: 80 }, { seed: 2 });
    const asc = Array.from(dense.values);
    closeRel(top['eigenvalues'], [asc[asc.length - 1], asc[asc.length - 2]], 1e-9);
    closeRel(bottom['eigenvalues'], [asc[0], asc[1]], 1e-9);
    // The trained parameters differ from the initial ones, and the loss is the train kind's final loss.
    const init = denseLossSpectrum({ ...base, steps: 0, count: 2 }, 2);
    assert.notEqual(init.values[init.values.length - 1], asc[asc.length - 1]);
    assert.equal(top['loss'], trainPoint({ ...base, every: 30 }, { seed: 2 })['finalLoss']);
  });

  it('of "output": the top 2 |λ| of ∇²f(x_i) at one training input equal the dense output Hessian\'s', () => {
    const p = { model: MODEL, n: 3, of: 'output', example: 2, count: 2, iterations: 80 };
    const got = hessianPoint(p, { seed: 0 });
    assert.equal(got['converged'], true);
    closeRel(got['eigenvalues'], byMagnitude(denseLossSpectrum(p, 0, 2).values, 2), 1e-9);
    // Another input has another Hessian.
    assert.notDeepEqual(hessianPoint({ ...p, example: 0 }, { seed: 0 })['eigenvalues'], got['eigenvalues']);
  });

  it('the example spec (examples/sweeps/hessian-width.json) runs with no --module; ‖∇²f(x)‖ is smaller at 16× the width', () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'examples/sweeps/hessian-width.json'), 'utf8')) as Record<string, unknown>;
    const file = at('small.json');
    writeFileSync(file, JSON.stringify({ ...spec, sweep: { width: [16, 256] }, seeds: 1 }));
    const out = at('small.jsonl');
    const r = cli(['sweep', file, '-o', out, '-w', '1', '-q'], { cwd: ROOT, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const norms = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { result: { norm: number; converged: boolean } }).result);
    assert.equal(norms.length, 2);
    assert.ok(norms.every((x) => x.converged));
    // liu2020 Thm 3.2: ‖H‖ ∝ m^−1/2, i.e. a factor 4 over 16× the width; a flat or growing norm fails this.
    assert.ok(norms[1].norm < norms[0].norm / 2, `‖H‖ ${norms[0].norm} at m = 16, ${norms[1].norm} at m = 256`);
    const v = cli(['sweep', 'examples/sweeps/hessian-width.json', '-o', at('v.jsonl'), '--list'], { cwd: ROOT });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim().split('\n').length, 10); // a header and the 9 points
  });

  it('--kinds documents the hessian kind', () => {
    const r = cli(['sweep', '--kinds']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^hessian: /m);
    assert.match(r.stdout, /^ {2}which +magnitude, largest or smallest/m);
    assert.match(r.stdout, /^ {2}steps +.*0: at initialization/m);
  });

  const spec = (base: Record<string, unknown>): string => JSON.stringify({ name: 'bad', kind: 'hessian', base: { model: MODEL, n: 4, ...base } });
  const bad = (name: string, base: Record<string, unknown>, names: RegExp): void =>
    malformedCase({ name, kind: 'hessian parameters', args: () => ['sweep', spec(base), '-o', at('bad.jsonl'), '-w', '1'], names });
  bad('steps without a learning rate', { steps: 10 }, /a learning rate is required: params\.lr/);
  bad('an example past n', { of: 'output', example: 4 }, /params\.example must be below params\.n = 4; got 4/);
  bad('an example with of "loss"', { example: 0 }, /params\.example is for of "output" only/);
  bad('an output past the outputs', { of: 'output', output: 1 }, /params\.output must be below the network's 1 output\(s\); got 1/);
  bad('count above iterations', { count: 9, iterations: 8 }, /params\.count must be at most params\.iterations \(8\)/);
  bad('which "top"', { which: 'top' }, /params\.which must be one of "magnitude", "largest", "smallest"; got "top"/);
  bad('probes', { probes: ['kernel'] }, /params\.probes is a train-kind parameter/);
  bad('an unknown parameter', { lambda: 1 }, /params.*lambda/);
});
