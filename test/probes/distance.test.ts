import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { act } from '../../src/nn/layers/activation.js';
import { dense } from '../../src/nn/layers/dense.js';
import { serial } from '../../src/nn/combinators/serial.js';
import { Network } from '../../src/nn/network.js';
import { vectorShape } from '../../src/nn/shape.js';
import { distanceProbe } from '../../src/probes/distance.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { entry, makeContext, num } from './context.js';

// f(x) = u·relu(W x + b): W 3×2, b ∈ R³, u 1×3.
const net = new Network(serial(dense({ width: 3, scale: 1, bias: true }), act({ name: 'relu' }), dense({ width: 1, scale: 1 })), vectorShape(2));
const params0 = new Float64Array(net.size);
net.param(params0, 'layers.0.W').set([1, 0, 0, 2, 0, 0]); // ‖W0‖_F = √5, ‖W0‖₂ = 2
net.param(params0, 'layers.0.b').set([0, 0, 0]);
net.param(params0, 'layers.2.W').set([1, -1, 2]); // ‖u0‖ = √6
const params = params0.slice();
// ΔW = [[2,1],[1,2],[0,0]]: singular values 3 and 1 → ‖ΔW‖₂ = 3, ‖ΔW‖_F = √10; Δb = (1,2,2): ‖Δb‖ = 3.
net.param(params, 'layers.0.W').set([3, 1, 1, 4, 0, 0]);
net.param(params, 'layers.0.b').set([1, 2, 2]);
const x = new Matrix(1, 2, new Float64Array([1, 1]));

describe('distance probe', () => {
  it('per-tensor Frobenius and spectral distances, absolute and relative, √m·‖ΔW‖_F, and the total', () => {
    const r = distanceProbe().measure(makeContext({ net, params, params0, x, step: 3 }));
    const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
    close(entry(r, 'frobenius', 'layers.0.W'), Math.sqrt(10));
    close(entry(r, 'spectral', 'layers.0.W'), 3);
    close(entry(r, 'relativeFrobenius', 'layers.0.W'), Math.sqrt(10) / Math.sqrt(5));
    close(entry(r, 'relativeSpectral', 'layers.0.W'), 3 / 2);
    close(entry(r, 'sqrtMFrobenius', 'layers.0.W'), Math.sqrt(3) * Math.sqrt(10));
    close(entry(r, 'frobenius', 'layers.0.b'), 3);
    close(entry(r, 'spectral', 'layers.0.b'), 3);
    assert.equal((r['relativeFrobenius'] as Record<string, number | null>)['layers.0.b'], null); // b0 = 0
    close(entry(r, 'frobenius', 'layers.2.W'), 0);
    close(entry(r, 'relativeSpectral', 'layers.2.W'), 0);
    close(num(r, 'maxSpectral'), 3);
    close(num(r, 'total'), Math.sqrt(19));
    close(num(r, 'totalRelative'), Math.sqrt(19) / Math.sqrt(11));
  });

  it('is zero at initialization and skips spectral norms on request', () => {
    const r0 = distanceProbe().measure(makeContext({ net, params: params0, x }));
    assert.equal(num(r0, 'total'), 0);
    assert.equal(num(r0, 'maxSpectral'), 0);
    const r = distanceProbe({ spectral: false }).measure(makeContext({ net, params, params0, x }));
    assert.equal(r['spectral'], undefined);
    assert.equal(r['maxSpectral'], undefined);
    assert.ok(Math.abs(entry(r, 'frobenius', 'layers.0.W') - Math.sqrt(10)) < 1e-12);
  });
});
