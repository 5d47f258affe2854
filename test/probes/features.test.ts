import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Matrix } from '../../src/linalg/matrix.js';
import { act } from '../../src/nn/layers/activation.js';
import { dense } from '../../src/nn/layers/dense.js';
import { scale } from '../../src/nn/layers/scale.js';
import { serial } from '../../src/nn/combinators/serial.js';
import { Network } from '../../src/nn/network.js';
import { vectorShape } from '../../src/nn/shape.js';
import { featuresProbe } from '../../src/probes/features.js';
import { entry, makeContext } from './context.js';

describe('features probe', () => {
  it('min/mean/max over examples of each top-level layer output norm', () => {
    const net = new Network(serial(dense({ width: 2, scale: 1 }), act({ name: 'relu' }), scale(0.5), dense({ width: 1, scale: 1 })), vectorShape(2));
    const params = new Float64Array(net.size);
    net.param(params, 'layers.0.W').set([1, 2, -1, 1]); // rows (1, 2), (−1, 1)
    net.param(params, 'layers.3.W').set([3, 4]);
    const x = Matrix.from([[1, 0], [0, 1], [1, 1]]);
    // dense: (1,−1), (2,1), (3,0); relu: (1,0), (2,1), (3,0); ×½: (.5,0), (1,.5), (1.5,0); out: 1.5, 5, 4.5
    const norms: Record<string, number[]> = {
      '0.dense': [Math.SQRT2, Math.sqrt(5), 3],
      '1.activation': [1, Math.sqrt(5), 3],
      '2.scale': [0.5, Math.sqrt(5) / 2, 1.5],
      '3.dense': [1.5, 5, 4.5],
    };
    const r = featuresProbe().measure(makeContext({ net, params, x }));
    for (const [k, v] of Object.entries(norms)) {
      assert.ok(Math.abs(entry(r, 'min', k) - Math.min(...v)) < 1e-14, `${k} min`);
      assert.ok(Math.abs(entry(r, 'max', k) - Math.max(...v)) < 1e-14, `${k} max`);
      assert.ok(Math.abs(entry(r, 'mean', k) - (v[0] + v[1] + v[2]) / 3) < 1e-14, `${k} mean`);
    }
    assert.deepEqual(Object.keys(r['mean'] as object), Object.keys(norms));
  });
});
