import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { RecurrentNode } from '../../src/nn/combinators/recurrent.js';
import { allenZhu2019 } from '../../src/models/allenzhu2019.js';
import { zou2018 } from '../../src/models/zou2018.js';
import { rnnProbe } from '../../src/probes/rnn.js';
import { makeContext } from './context.js';

describe('rnn probe', () => {
  it('mean/min/max over examples of ‖h_{i,l}‖ per step, against RecurrentNode.hiddenStates', () => {
    const net = allenZhu2019({ inputDim: 4, length: 5, width: 8, outputs: 1 });
    const rng = Rng.fromSeed(11);
    const p = net.init(rng.fold('init'));
    const x = new Matrix(3, 20, rng.fold('x').fillNormal(new Float64Array(60)));
    const r = rnnProbe().measure(makeContext({ net, params: p, x }));
    const hs = (net.root as RecurrentNode).hiddenStates(p, x);
    const norms = hs.map((h) => Array.from({ length: 3 }, (_, i) => Math.hypot(...h.row(i))));
    const mean = r['mean'] as number[];
    const min = r['min'] as number[];
    const max = r['max'] as number[];
    assert.equal(mean.length, 5);
    for (let l = 0; l < 5; l++) {
      assert.ok(Math.abs(mean[l] - (norms[l][0] + norms[l][1] + norms[l][2]) / 3) < 1e-13);
      assert.ok(Math.abs(min[l] - Math.min(...norms[l])) < 1e-13);
      assert.ok(Math.abs(max[l] - Math.max(...norms[l])) < 1e-13);
    }
    assert.ok(min[0] > 0);
  });

  it('refuses a network whose root is not a recurrence', () => {
    const net = zou2018({ inputDim: 3, width: 4, depth: 1 });
    const p = net.init(Rng.fromSeed(1));
    assert.throws(() => rnnProbe().measure(makeContext({ net, params: p, x: new Matrix(2, 3) })), (e: unknown) => e instanceof ConfigError && /recurrent network/.test(e.message));
  });
});
