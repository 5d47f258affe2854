import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { OverparamError } from '../../src/errors.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { loadParams, saveParams } from '../../src/models/checkpoint.js';
import { du2019ResNet } from '../../src/models/du2019.js';
import { zou2018 } from '../../src/models/zou2018.js';

describe('parameter checkpoints (safetensors)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'overparam-ckpt-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips every parameter bit for bit, frozen ones included, with metadata', () => {
    const net = zou2018({ inputDim: 3, width: 6, depth: 2 });
    const params = net.init(Rng.fromSeed(9));
    params[0] = -0;
    params[1] = 5e-324;
    const file = join(dir, 'zou.safetensors');
    saveParams(file, net, params, { spec: { preset: 'zou2018', inputDim: 3, width: 6, depth: 2 }, step: 12 });
    const { params: back, metadata } = loadParams(file, net);
    assert.deepEqual(new Uint8Array(back.buffer), new Uint8Array(params.buffer));
    assert.equal(metadata['step'], '12');
    assert.equal(JSON.parse(metadata['spec']!).preset, 'zou2018');
    assert.equal(metadata['trainable'], 'layers.0.W,layers.2.W');
  });

  it('refuses a file saved for another network, naming the tensor and shapes', () => {
    const file = join(dir, 'res.safetensors');
    const a = du2019ResNet({ inputDim: 3, width: 4, depth: 2 });
    saveParams(file, a, a.init(Rng.fromSeed(1)));
    const wider = du2019ResNet({ inputDim: 3, width: 5, depth: 2 });
    assert.throws(() => loadParams(file, wider), (e: unknown) => e instanceof OverparamError && /layers\.0\.W/.test((e as Error).message) && /\[4, 3\]/.test((e as Error).message) && /\[5, 3\]/.test((e as Error).message));
    const deeper = du2019ResNet({ inputDim: 3, width: 4, depth: 3 });
    assert.throws(() => loadParams(file, deeper), (e: unknown) => e instanceof OverparamError && /no tensor named/.test((e as Error).message));
  });
});
