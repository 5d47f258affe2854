/**
 * A forward pass that a backward pass will follow (Ctx.differentiate) may take σ′ with σ; the backward,
 * tangent and second-order passes must then give exactly the bits they give from a plain forward pass.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import type { ActivationSpec } from '../../src/nn/activations.js';
import { serial } from '../../src/nn/combinators/serial.js';
import { act } from '../../src/nn/layers/activation.js';
import { dense } from '../../src/nn/layers/dense.js';
import { vectorShape } from '../../src/nn/shape.js';
import { SumSink } from '../../src/nn/sinks.js';
import { buildNode } from './finiteDifferences.js';

const SPECS: ActivationSpec[] = [{ name: 'softplus' }, { name: 'sigmoid' }, { name: 'tanh' }, { name: 'relu' }, { name: 'gelu' }];

function random(rng: Rng, rows: number, cols: number, scale = 1): Matrix {
  const m = new Matrix(rows, cols);
  rng.fillNormal(m.data);
  for (let i = 0; i < m.data.length; i++) m.data[i] *= scale;
  return m;
}

describe('forward passes with differentiate: the same gradient, tangent and HVP bits as without', () => {
  for (const spec of SPECS) {
    it(spec.name, () => {
      const { node, params, trainable } = buildNode(serial(dense({ width: 7 }), act(spec), dense({ width: 5 }), act(spec), dense({ width: 2 })), vectorShape(3), 4);
      const rng = Rng.fromSeed(11).fold(spec.name);
      const x = random(rng, 6, 3, 3); // large enough that both tails of σ are reached
      const g = random(rng, 6, 2);
      const dg = random(rng, 6, 2);
      const tangent = new Float64Array(params.length);
      rng.fillNormal(tangent.subarray(0, trainable));
      const faces = (differentiate: boolean): Float64Array[] => {
        const { y, cache } = node.forward({ params, differentiate }, x);
        const sink = new SumSink(trainable);
        const gx = node.vjp({ params }, cache, g, sink, true) as Matrix;
        const ctx = { params, tangent };
        const { dy, tcache } = node.jvp(ctx, cache, null);
        const hsink = new SumSink(trainable);
        const h = node.hvp(ctx, cache, tcache, g, dg, hsink, true);
        return [y.data, sink.grad, gx.data, dy.data, hsink.grad, h?.gx.data ?? new Float64Array(), h?.dgx.data ?? new Float64Array()];
      };
      const plain = faces(false);
      const shared = faces(true);
      const names = ['f', 'gradient', 'input cotangent', 'jvp', 'hvp', 'hvp gx', 'hvp dgx'];
      plain.forEach((a, k) => {
        assert.equal(shared[k].length, a.length);
        for (let i = 0; i < a.length; i++) assert.ok(Object.is(shared[k][i], a[i]), `${spec.name} ${names[k]}[${i}]: ${shared[k][i]} vs ${a[i]}`);
      });
    });
  }

  it('an activation layer keeps σ′ from a differentiating pass only where σ declares it exact, and never from a plain one', () => {
    const x = random(Rng.fromSeed(3), 4, 5);
    for (const [spec, keeps] of [[{ name: 'softplus' }, true], [{ name: 'sigmoid' }, true], [{ name: 'tanh' }, false], [{ name: 'relu' }, false]] as const) {
      const { node, params } = buildNode(act(spec), vectorShape(5), 1);
      const kept = (differentiate: boolean): boolean => (node.forward({ params, differentiate }, x).cache as { d1: Matrix | null }).d1 !== null;
      assert.equal(kept(true), keeps, `${spec.name} with differentiate`);
      assert.equal(kept(false), false, `${spec.name} without`);
    }
  });
});
