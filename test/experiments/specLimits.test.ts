import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { MAX_POINTS } from '../../src/experiments/runner/points.js';
import { MAX_VALUE_DEPTH, parseExperimentSpec } from '../../src/experiments/runner/spec.js';

describe('experiment spec limits', () => {
  it('refuses a seed count or list, or a sweep axis, past the point limit before expanding it', () => {
    assert.equal(parseExperimentSpec({ name: 'a', kind: 'x', seeds: 3 }).seeds?.length, 3);
    assert.throws(() => parseExperimentSpec({ name: 'a', kind: 'x', seeds: 1e9 }, 's'), /s\.seeds is 1000000000; one experiment may have at most 1000000 points$/);
    const many = Array.from({ length: MAX_POINTS + 1 }, (_, i) => i);
    assert.throws(() => parseExperimentSpec({ name: 'a', kind: 'x', seeds: many }, 's'), /s\.seeds lists 1000001 seeds/);
    assert.throws(() => parseExperimentSpec({ name: 'a', kind: 'x', sweep: { w: many } }, 's'), /s\.sweep\.w lists 1000001 values/);
  });

  it(`refuses base and sweep values nested past ${MAX_VALUE_DEPTH} levels, naming the field`, () => {
    const deep = (d: number): unknown => JSON.parse(`${'['.repeat(d)}${']'.repeat(d)}`) as unknown;
    parseExperimentSpec({ name: 'a', kind: 'x', base: { v: deep(MAX_VALUE_DEPTH) } });
    assert.throws(() => parseExperimentSpec({ name: 'a', kind: 'x', base: { v: deep(100_000) } }, 's'), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /^s\.base\.v\[0\].* nests too deep: at most 256 levels/);
      return true;
    });
    assert.throws(() => parseExperimentSpec({ name: 'a', kind: 'x', sweep: { v: [deep(100_000)] } }, 's'), /s\.sweep\.v\[0\]/);
  });
});
