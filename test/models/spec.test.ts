import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, ShapeError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { buildModel, PRESETS } from '../../src/models/spec.js';
import { du2019FC } from '../../src/models/du2019.js';

function throwsConfig(spec: unknown, ...patterns: RegExp[]): void {
  assert.throws(() => buildModel(spec, 'model'), (e: unknown) => {
    assert.ok(e instanceof ConfigError || e instanceof ShapeError, `unexpected ${String(e)}`);
    for (const p of patterns) assert.match((e as Error).message, p);
    return true;
  });
}

describe('model specs', () => {
  it('a preset spec builds the same network as the constructor (same parameters from the same seed)', () => {
    const a = buildModel({ preset: 'du2019-fc', inputDim: 3, width: 8, depth: 2, activation: { name: 'softplus' } });
    const b = du2019FC({ inputDim: 3, width: 8, depth: 2 });
    assert.equal(a.size, b.size);
    assert.deepEqual(a.init(Rng.fromSeed(1)), b.init(Rng.fromSeed(1)));
  });

  it('every preset has a buildable example', () => {
    const examples: Record<string, unknown> = {
      'du2019-fc': { inputDim: 3, width: 4, depth: 2 },
      'du2019-resnet': { inputDim: 3, width: 4, depth: 2, cRes: 0.3 },
      'du2019-cnn': { inputDim: 2, width: 4, depth: 2, pixels: 5 },
      zou2018: { inputDim: 3, width: 4, depth: 2 },
      allenzhu2019: { inputDim: 3, length: 4, width: 4, outputs: 1 },
      'chen2018-linear': { widths: [3, 4] },
      'chen2018-two-layer': { inputDim: 3, width: 4 },
      'liu2020-fc': { inputDim: 3, width: 4, depth: 2, head: 'softmax', outputs: 3 },
      'liu2020-resnet': { inputDim: 3, width: 4, depth: 2 },
      'liu2020-cnn': { inputDim: 1, width: 4, depth: 1, pixels: 6 },
      'liu2020-bottleneck': { width: 8, bottleneck: 2 },
      'liu2020-two-layer': { width: 8, head: 'swish' },
    };
    for (const p of PRESETS) {
      const net = buildModel({ preset: p, ...(examples[p] as object) });
      assert.ok(net.trainableSize > 0, p);
    }
  });

  it('a layer composition builds', () => {
    const net = buildModel({
      input: { channels: 2, spatial: [6] },
      layers: [
        { type: 'conv', channels: 4, kernel: 3, bias: true },
        { type: 'activation', activation: { name: 'relu' } },
        { type: 'residual', beta: 0.5, branch: [{ type: 'conv', channels: 4, kernel: 3 }, { type: 'activation', activation: { name: 'tanh' } }] },
        { type: 'globalAvgPool' },
        { type: 'dense', width: 3, scale: 'standard' },
        { type: 'softmax' },
      ],
    });
    assert.equal(net.outputs, 3);
    assert.equal(net.trainableSize, 4 * 6 + 4 + 4 * 12 + 3 * 4);
  });

  it('bad specs get errors that name the field and the allowed values', () => {
    throwsConfig({ preset: 'du2019-fcc' }, /model\.preset/, /"du2019-fc"/, /"zou2018"/);
    throwsConfig({ preset: 'du2019-fc', inputDim: 3, width: 0, depth: 2 }, /model\.width/, /integer ≥ 1/);
    throwsConfig({ preset: 'du2019-fc', inputDim: 3, width: 4, depth: 2, widht: 3 }, /model\.widht is not a known field/, /allowed fields/);
    throwsConfig({ preset: 'du2019-resnet', inputDim: 3, width: 4, depth: 1 }, /model\.depth/, /in \[2, 10000\]/);
    throwsConfig({ preset: 'zou2018', inputDim: 3, width: 5, depth: 2 }, /even/);
    throwsConfig({ preset: 'liu2020-fc', inputDim: 3, width: 4, depth: 1, head: 'sigmoid' }, /model\.head/, /"softmax"/);
    throwsConfig({ preset: 'du2019-fc', inputDim: 3, width: 4, depth: 1, activation: { name: 'rleu' } }, /model\.activation/, /relu/);
    throwsConfig({ input: 4, layers: [{ type: 'dense' }] }, /model\.layers\[0\]\.width/);
    throwsConfig({ input: 4, layers: [{ type: 'pool' }] }, /model\.layers\[0\]\.type/, /"globalAvgPool"/);
    throwsConfig({ input: 4, layers: [{ type: 'conv', channels: 2, kernel: 3 }] }, /needs a feature map/);
    throwsConfig({ input: { channels: 1, spatial: [4] }, layers: [{ type: 'conv', channels: 2, kernel: 2 }] }, /odd/);
    throwsConfig({ input: 4, layers: [{ type: 'residual', branch: [{ type: 'dense', width: 3 }] }] }, /identity shortcut needs equal shapes/);
    throwsConfig({ width: 3 }, /needs either "preset"/);
    throwsConfig([1, 2], /model must be an object/);
  });

  it('networks reject inputs and tangents of the wrong shape, naming both', () => {
    const net = du2019FC({ inputDim: 3, width: 4, depth: 1 });
    const params = net.init(Rng.fromSeed(0));
    assert.throws(() => net.forward(params, buildX(2, 4)), (e: unknown) => e instanceof ShapeError && /3 features/.test((e as Error).message) && /2×4/.test((e as Error).message));
    assert.throws(() => net.forward(params.subarray(1), buildX(2, 3)), ShapeError);
    assert.throws(() => net.jvp(params, buildX(2, 3), new Float64Array(3)), ShapeError);
  });
});

function buildX(n: number, d: number): Matrix {
  return new Matrix(n, d);
}
