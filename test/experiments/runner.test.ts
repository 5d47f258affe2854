import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { canonicalJson, toJsonValue } from '../../src/experiments/runner/json.js';
import { pointId } from '../../src/experiments/runner/pointId.js';
import { expandPoints } from '../../src/experiments/runner/points.js';
import { inShard, parseShard, resolveShard } from '../../src/experiments/runner/shard.js';
import { parseExperimentSpec } from '../../src/experiments/runner/spec.js';

describe('experiment specs and points', () => {
  const spec = parseExperimentSpec({ name: 't', kind: 'k', base: { depth: 3, width: 0 }, sweep: { width: [8, 16], act: ['relu', 'erf'] }, seeds: 2 });

  it('expands in the documented order: first axis slowest, seeds fastest, axis values over the base', () => {
    const pts = expandPoints(spec);
    assert.deepEqual(
      pts.map((p) => [p.params['width'], p.params['act'], p.params['seed']]),
      [[8, 'relu', 0], [8, 'relu', 1], [8, 'erf', 0], [8, 'erf', 1], [16, 'relu', 0], [16, 'relu', 1], [16, 'erf', 0], [16, 'erf', 1]],
    );
    assert.deepEqual(pts.map((p) => p.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.ok(pts.every((p) => p.params['depth'] === 3 && p.kind === 'k' && p.seed === p.params['seed']));
    assert.equal(new Set(pts.map((p) => p.id)).size, 8);
  });

  it('ids are the SHA-256 of the canonical JSON of kind and params, whatever the key or axis order', () => {
    assert.equal(canonicalJson({ b: [1, { d: 2, c: null }], a: 'x' }), '{"a":"x","b":[1,{"c":null,"d":2}]}');
    const expected = createHash('sha256').update('{"kind":"k","params":{"a":1,"b":"x"}}').digest('hex').slice(0, 16);
    assert.equal(pointId('k', { b: 'x', a: 1 }), expected);
    assert.equal(pointId('k', { a: 1, b: 'x' }), expected);
    assert.notEqual(pointId('k2', { a: 1, b: 'x' }), expected);
    const reordered = parseExperimentSpec({ name: 'other name', kind: 'k', base: { width: 0, depth: 3 }, sweep: { act: ['erf', 'relu'], width: [16, 8] }, seeds: [1, 0] });
    const a = expandPoints(spec).map((p) => p.id);
    const b = expandPoints(reordered).map((p) => p.id);
    assert.notDeepEqual(a, b);
    assert.deepEqual([...a].sort(), [...b].sort());
  });

  it('a spec without sweep or seeds is one point with seed 0', () => {
    const pts = expandPoints(parseExperimentSpec({ name: 'one', kind: 'k', base: { x: 1 } }));
    assert.equal(pts.length, 1);
    assert.equal(pts[0].seed, 0);
  });

  it('rejects malformed specs naming the field and what is allowed', () => {
    const bad: [unknown, RegExp][] = [
      [{ kind: 'k' }, /spec\.name must be a non-empty string/],
      [{ name: 'n', kind: 'k', swep: {} }, /spec\.swep is not a known field; allowed fields: name, kind/],
      [{ name: 'n', kind: 'k', sweep: { width: [] } }, /spec\.sweep\.width must be a non-empty array/],
      [{ name: 'n', kind: 'k', sweep: { width: 8 } }, /spec\.sweep\.width must be a non-empty array/],
      [{ name: 'n', kind: 'k', sweep: { width: [8, 16, 8] } }, /spec\.sweep\.width lists the value 8 twice/],
      [{ name: 'n', kind: 'k', seeds: 0 }, /spec\.seeds must be a positive integer count/],
      [{ name: 'n', kind: 'k', seeds: [0, -1] }, /spec\.seeds\[1\] must be a non-negative integer/],
      [{ name: 'n', kind: 'k', seeds: 2, base: { seed: 3 } }, /spec\.seeds and base\.seed both set the seed/],
      [{ name: 'n', kind: 'k', base: { seed: 1.5 } }, /"seed" must be a non-negative integer/],
      [{ name: 'n', kind: 'k', modules: 'x.js' }, /spec\.modules must be an array/],
      [[], /spec must be an object/],
    ];
    for (const [s, re] of bad) assert.throws(() => expandPoints(parseExperimentSpec(s)), (e: unknown) => e instanceof ConfigError && re.test(e.message), JSON.stringify(s));
  });

  it('results become plain JSON; non-finite numbers are errors naming the path', () => {
    assert.deepEqual(toJsonValue({ a: new Float64Array([1, 2]), b: undefined, c: [true, null] }, 'result'), { a: [1, 2], c: [true, null] });
    assert.throws(() => toJsonValue({ a: { b: [0, NaN] } }, 'result'), /result\.a\.b\[1\] is NaN/);
    assert.throws(() => toJsonValue({ d: new Date(0) }, 'result'), /result\.d is a Date/);
  });
});

describe('shards', () => {
  it('assigns position p to shard p mod N: every point in exactly one shard', () => {
    for (let p = 0; p < 20; p++) assert.equal([0, 1, 2].filter((i) => inShard(p, { index: i, count: 3 })).length, 1);
    assert.ok(inShard(4, { index: 1, count: 3 }));
  });

  it('resolveShard: the flag, which wins over the environment', () => {
    assert.deepEqual(resolveShard('1/3', {}), { index: 1, count: 3, source: 'flag' });
    assert.deepEqual(resolveShard(' 0 / 1 ', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '8' }), { index: 0, count: 1, source: 'flag' });
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    for (const f of ['3/3', '-1/3', 'a/3', '1/0', '1', '1/3/5', '']) {
      assert.throws(() => resolveShard(f, {}), (e: unknown) => e instanceof ConfigError && /--shard must be i\/N with 0 ≤ i < N/.test(e.message), f);
    }
  });

  it('resolveShard: SLURM job arrays', () => {
    assert.deepEqual(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '8' }), { index: 4, count: 8, source: 'slurm' });
    assert.deepEqual(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8' }), { index: 4, count: 8, source: 'slurm' });
    assert.deepEqual(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_COUNT: '8', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8' }), { index: 7, count: 8, source: 'slurm' });
    assert.deepEqual(resolveShard(undefined, { SLURM_ARRAY_TASK_ID: '8', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '12', SLURM_ARRAY_TASK_STEP: '4' }), { index: 2, count: 4, source: 'slurm' });
    const bad: [Record<string, string>, RegExp][] = [
      [{ SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '8' }, /SLURM_ARRAY_TASK_ID must be an integer ≥ 0; got "x"/],
      [{ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '0' }, /SLURM_ARRAY_TASK_COUNT must be an integer ≥ 1; got "0"/],
      [{ SLURM_ARRAY_TASK_ID: '2' }, /neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN/],
      [{ SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '7' }, /maps to shard 6, but the array has 3 tasks/],
      [{ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4' }, /below SLURM_ARRAY_TASK_MIN/],
    ];
    for (const [env, re] of bad) assert.throws(() => resolveShard(undefined, env), (e: unknown) => e instanceof ConfigError && re.test(e.message), JSON.stringify(env));
  });

  it('resolveShard: Grid Engine array jobs (task ids from 1, with a step; "undefined" outside an array)', () => {
    const sge = (id: string, first = '1', last = '4', step = '1'): Record<string, string> => ({ SGE_TASK_ID: id, SGE_TASK_FIRST: first, SGE_TASK_LAST: last, SGE_TASK_STEPSIZE: step });
    assert.deepEqual(resolveShard(undefined, sge('1')), { index: 0, count: 4, source: 'gridengine' });
    assert.deepEqual(resolveShard(undefined, sge('4')), { index: 3, count: 4, source: 'gridengine' });
    assert.deepEqual(resolveShard(undefined, sge('7', '1', '10', '3')), { index: 2, count: 4, source: 'gridengine' });
    assert.deepEqual(resolveShard(undefined, { SGE_TASK_ID: 'undefined' }), { index: 0, count: 1, source: 'none' });
    // SLURM wins over Grid Engine; the flag wins over both.
    assert.equal(resolveShard(undefined, { ...sge('2'), SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' }).source, 'slurm');
    assert.deepEqual(resolveShard('1/3', sge('2')), { index: 1, count: 3, source: 'flag' });
    const bad: [Record<string, string>, RegExp][] = [
      [sge('0'), /SGE_TASK_ID must be an integer ≥ 1; got "0"/],
      [sge('5'), /SGE_TASK_ID 5 is outside SGE_TASK_FIRST…SGE_TASK_LAST \(1…4\)/],
      [sge('2', '1', '10', '3'), /SGE_TASK_ID 2 is not on the array's step 3 from 1/],
      [{ SGE_TASK_ID: '2' }, /SGE_TASK_ID is set but SGE_TASK_FIRST and SGE_TASK_LAST are not/],
      [sge('2', '4', '1'), /SGE_TASK_LAST 1 is below SGE_TASK_FIRST 4/],
    ];
    for (const [env, re] of bad) assert.throws(() => resolveShard(undefined, env), (e: unknown) => e instanceof ConfigError && re.test(e.message), JSON.stringify(env));
  });

  it('resolveShard: Kubernetes indexed jobs need the count from the option or OVERPARAM_SHARD_COUNT', () => {
    assert.deepEqual(resolveShard(undefined, { JOB_COMPLETION_INDEX: '2', OVERPARAM_SHARD_COUNT: '3' }), { index: 2, count: 3, source: 'kubernetes' });
    assert.deepEqual(resolveShard(undefined, { JOB_COMPLETION_INDEX: '2', OVERPARAM_SHARD_COUNT: '3' }, { count: 5 }), { index: 2, count: 5, source: 'kubernetes' });
    assert.throws(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '2' }), /Kubernetes does not export it, so set OVERPARAM_SHARD_COUNT/);
    assert.throws(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '3', OVERPARAM_SHARD_COUNT: '3' }), /shard index 3 is outside 0…2/);
    assert.throws(() => resolveShard(undefined, { JOB_COMPLETION_INDEX: '1', OVERPARAM_SHARD_COUNT: 'three' }), /OVERPARAM_SHARD_COUNT must be an integer ≥ 1; got "three"/);
    assert.throws(() => resolveShard(undefined, {}, { count: 3 }), /a shard count was given but no shard index/);
  });

  it('resolveShard: no flag and no array environment is the whole experiment', () => {
    assert.deepEqual(resolveShard(undefined, { OVERPARAM_SHARD_COUNT: '3' }), { index: 0, count: 1, source: 'none' });
  });
});
