import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { buildModel, MAX_SPEC_DEPTH, MAX_SPEC_LAYERS } from '../../src/models/spec.js';
import { jsonDeeperThan } from '../../src/models/specReader.js';

function nested(depth: number): unknown {
  let layer: unknown = { type: 'dense', width: 2 };
  for (let k = 0; k < depth; k++) layer = { type: 'residual', branch: [layer] };
  return { input: 2, layers: [layer] };
}

describe('model spec limits', () => {
  it(`builds ${MAX_SPEC_DEPTH} nested residual blocks and refuses one more, naming where`, () => {
    const net = buildModel(nested(MAX_SPEC_DEPTH), 'm');
    assert.equal(net.inShape.channels, 2);
    assert.throws(() => buildModel(nested(MAX_SPEC_DEPTH + 1), 'm'), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /^model spec nesting deeper than 256 at m\.layers\[0\]\.branch\[0\]/);
      return true;
    });
  });

  it('2000 nested residual blocks are refused, not a stack overflow', () => {
    assert.throws(() => buildModel(nested(2000), 'm'), ConfigError);
  });

  it(`refuses more than ${MAX_SPEC_LAYERS} layers in all, nested branches counted, before building any`, () => {
    const dense = { type: 'dense', width: 1 };
    const ok = { input: 1, layers: new Array<unknown>(MAX_SPEC_LAYERS).fill(dense) };
    assert.equal(buildModel(ok, 'm').outputs, 1);
    const tooMany = { input: 1, layers: new Array<unknown>(950_000).fill(dense) };
    assert.throws(() => buildModel(tooMany, 'm'), /m\.layers takes the spec past 10000 layers \(it lists 950000 here\)/);
    const split = { input: 1, layers: [dense, { type: 'residual', branch: new Array<unknown>(MAX_SPEC_LAYERS).fill(dense) }] };
    assert.throws(() => buildModel(split, 'm'), /m\.layers\[1\]\.branch takes the spec past 10000 layers/);
  });

  it('refuses preset depths and chen2018 width lists past the layer limit', () => {
    assert.throws(() => buildModel({ preset: 'du2019-resnet', inputDim: 2, width: 2, depth: 1e6 }, 'm'), /m\.depth must be an integer in \[2, 10000\]/);
    assert.throws(() => buildModel({ preset: 'chen2018-linear', widths: new Array<number>(20_000).fill(1) }, 'm'), /m\.widths lists 20000 widths/);
  });

  it('jsonDeeperThan finds depth past a limit without recursion', () => {
    assert.equal(jsonDeeperThan({ a: [[1]] }, 3), undefined);
    assert.equal(jsonDeeperThan({ a: [[[]]] }, 3), '.a[0][0]');
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    const at = jsonDeeperThan(deep, 256);
    assert.ok(at !== undefined && at.startsWith('[0][0]') && at.length < 100);
  });
});
