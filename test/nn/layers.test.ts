import { describe, it } from 'node:test';
import { act } from '../../src/nn/layers/activation.js';
import { conv } from '../../src/nn/layers/conv.js';
import { dense } from '../../src/nn/layers/dense.js';
import { flatten, globalAvgPool } from '../../src/nn/layers/reshape.js';
import { scale } from '../../src/nn/layers/scale.js';
import { softmax } from '../../src/nn/layers/softmax.js';
import { recurrent } from '../../src/nn/combinators/recurrent.js';
import { residual } from '../../src/nn/combinators/residual.js';
import { serial } from '../../src/nn/combinators/serial.js';
import type { ActivationSpec } from '../../src/nn/activations.js';
import { vectorShape } from '../../src/nn/shape.js';
import { forEachBackend } from '../helpers.js';
import { checkLayer } from './finiteDifferences.js';

const SMOOTH: ActivationSpec[] = [
  { name: 'softplus' }, { name: 'sigmoid' }, { name: 'tanh' }, { name: 'erf' }, { name: 'swish', beta: 0.7 }, { name: 'gelu' }, { name: 'identity' },
];
const KINKED: ActivationSpec[] = [{ name: 'relu' }, { name: 'relu', derivativeAtZero: 1 }, { name: 'abrelu', a: -0.3, b: 1.5 }, { name: 'leaky_relu', alpha: 0.1 }];

forEachBackend('layer faces vs central differences (relative error ≤ 1e-6)', () => {
  describe('dense', () => {
    it('NTK scaling with bias', () => { checkLayer(dense({ width: 4, bias: true }), vectorShape(5)); });
    it('standard scaling, no bias', () => { checkLayer(dense({ width: 3, scale: 'standard' }), vectorShape(6)); });
    it('constant multiplier and a frozen layer', () => {
      checkLayer(dense({ width: 3, scale: 0.7, weightStd: 2 }), vectorShape(2));
      checkLayer(dense({ width: 3, trainable: false }), vectorShape(2));
    });
  });
  describe('activations', () => {
    for (const spec of SMOOTH) it(JSON.stringify(spec), () => { checkLayer(act(spec), vectorShape(7)); });
    for (const spec of KINKED) it(`${JSON.stringify(spec)} (away from the kink)`, () => { checkLayer(act(spec), vectorShape(7), { h: 1e-7 }); });
  });
  describe('convolution (patch operator, zero padding)', () => {
    it('1-D, q = 3, with bias', () => { checkLayer(conv({ channels: 3, kernel: 3, bias: true }), { channels: 2, spatial: [5] }); });
    it('1-D, q = 5 wider than the map', () => { checkLayer(conv({ channels: 2, kernel: 5 }), { channels: 1, spatial: [3] }); });
    it('2-D, q = 3', () => { checkLayer(conv({ channels: 2, kernel: 3 }), { channels: 2, spatial: [3, 4] }); });
  });
  describe('shape layers and heads', () => {
    it('scale', () => { checkLayer(scale(0.3), vectorShape(4)); });
    it('flatten', () => { checkLayer(serial(conv({ channels: 2, kernel: 3 }), flatten(), dense({ width: 2 })), { channels: 1, spatial: [4] }); });
    it('global average pooling', () => { checkLayer(serial(globalAvgPool(), dense({ width: 2 })), { channels: 3, spatial: [2, 2] }); });
    it('softmax', () => { checkLayer(softmax(), vectorShape(4)); });
  });
  describe('combinators', () => {
    it('serial of dense and softplus', () => {
      checkLayer(serial(dense({ width: 6 }), act({ name: 'softplus' }), dense({ width: 2, bias: true })), vectorShape(3));
    });
    it('residual with branch scale (du2019 form)', () => {
      checkLayer(residual(serial(dense({ width: 4, scale: 1 }), act({ name: 'tanh' })), 0.37), vectorShape(4));
    });
    it('residual convolution block', () => {
      checkLayer(residual(serial(conv({ channels: 2, kernel: 3 }), act({ name: 'softplus' })), 0.5), { channels: 2, spatial: [4] });
    });
    it('Elman recurrence, tanh, all matrices trained', () => {
      checkLayer(recurrent({ width: 5, outputs: 2, activation: { name: 'tanh' }, stdW: 0.6, train: { W: true, A: true, B: true } }), { channels: 3, spatial: [4] });
    });
    it('Elman recurrence, ReLU (φ\'(0) = 1), W only (allenzhu2019)', () => {
      checkLayer(recurrent({ width: 6, outputs: 2 }), { channels: 3, spatial: [3] }, { h: 1e-7 });
    });
  });
});
