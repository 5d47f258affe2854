import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { allenZhu2019 } from '../../src/models/allenzhu2019.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { plProbe } from '../../src/probes/pl.js';
import { makeLoss } from '../../src/train/losses.js';
import { makeContext, num } from './context.js';

describe('pl probe', () => {
  it('‖∇L‖²/L and ‖∇L‖²/(m·L) by definition; m inferred or given', () => {
    const net = liu2020FC({ inputDim: 3, width: 7, depth: 2 });
    const rng = Rng.fromSeed(5);
    const p = net.init(rng.fold('init'));
    const x = new Matrix(4, 3, rng.fold('x').fillNormal(new Float64Array(12)));
    const y = new Matrix(4, 1, rng.fold('y').fillNormal(new Float64Array(4)));
    const loss = makeLoss({ name: 'square', reduction: 'mean' });
    const f = net.forward(p, x);
    const L = loss.value(f, y);
    const g = net.gradient(p, x, loss.gradient(f, y));
    const g2 = g.reduce((s, v) => s + v * v, 0);
    const r = plProbe().measure(makeContext({ net, params: p, x, y, loss }));
    const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `${a} vs ${b}`);
    close(num(r, 'ratio'), g2 / L);
    close(num(r, 'gradientNormSquared'), g2);
    assert.equal(num(r, 'width'), 7);
    close(num(r, 'perWidth'), g2 / (7 * L));
    const r2 = plProbe({ width: 100 }).measure(makeContext({ net, params: p, x, y, loss }));
    close(num(r2, 'perWidth'), g2 / (100 * L));
  });

  it('reads an RNN width m and gives null ratios at zero loss', () => {
    const net = allenZhu2019({ inputDim: 2, length: 3, width: 9, outputs: 1 });
    const p = net.init(Rng.fromSeed(2));
    const x = new Matrix(2, 6, new Float64Array(12).fill(0.3));
    const y = net.forward(p, x); // a perfect fit: L = 0
    const r = plProbe().measure(makeContext({ net, params: p, x, y }));
    assert.equal(num(r, 'width'), 9);
    assert.equal(r['ratio'], null);
    assert.equal(r['perWidth'], null);
  });
});
