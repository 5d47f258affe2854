/**
 * JSON nested deeper than any reader walks safely (MAX_JSON_DEPTH): results files for report and merge,
 * a claim record, a model spec and an experiment spec. Each is refused with exit 2 and the path where
 * the nesting passes the limit, never a stack overflow.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_JSON_DEPTH, tooDeep } from '../../src/models/specReader.js';
import { pointId } from '../../src/experiments/runner/pointId.js';
import { malformedCase } from './malformed.js';

const DEEP = 100_000;
const deep = (): string => `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;

let dir = '';
const at = (f: string): string => join(dir, f);

describe('JSON nested too deep', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-depth-'));
    const result = { id: 'liu2020.parameterization-identity', paper: 'liu2020', theorem: 't', prediction: 'p', verdict: 'holds', measured: 'm', reason: 'r', seconds: 1, scale: 'quick', data: [{ value: 'DEEP' }] };
    writeFileSync(at('results.json'), JSON.stringify({ format: 'overparam-results/1', meta: { generated: 'x', scale: 'quick', seed: 0, command: 'c' }, results: [result] }).replace('"DEEP"', deep()));
    const params = { claim: 'liu2020.parameterization-identity', scale: 'quick', seed: 0 };
    const line = JSON.stringify({ id: pointId('claim', params), kind: 'claim', params: { ...params, z: 'DEEP' }, result, seconds: 1, shard: { index: 0, count: 1 } });
    writeFileSync(at('records.jsonl'), `${line.replace('"DEEP"', deep())}\n${line.replace('"DEEP"', '1')}\n`);
    writeFileSync(at('model.json'), `{"preset": "du2019-fc", "inputDim": 2, "width": 4, "depth": 2, "name": ${deep()}}`);
    writeFileSync(at('spec.json'), `{"name": "a", "kind": "x", "base": {"v": ${deep()}}}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  malformedCase({ name: 'report of a results.json with a deep data value', kind: 'nesting', args: () => ['report', at('results.json'), '-o', dir], names: /results\.json: arrays and objects nested more than 1000 deep \(at \.results\[0\]\.data\[0\]\.value\[0\]/ });
  malformedCase({ name: 'report of a claim record with deep params', kind: 'nesting', args: () => ['report', at('records.jsonl'), '-o', dir], names: /records\.jsonl:1: .*nested more than 1000 deep \(at \.params\.z/ });
  malformedCase({ name: 'merge of a record with deep params', kind: 'nesting', args: () => ['merge', at('records.jsonl'), '-o', at('m.jsonl')], names: /records\.jsonl:1: .*nested more than 1000 deep/ });
  malformedCase({ name: 'a model spec with a deep ignored field', kind: 'nesting', args: () => ['model', '-m', at('model.json')], names: /model spec nesting deeper than 520 arrays or objects at .*model\.json\.name\[0\]/ });
  malformedCase({ name: 'an experiment spec with a deep base value', kind: 'nesting', args: () => ['sweep', at('spec.json'), '-o', at('s.jsonl'), '--list'], names: /spec\.json: spec\.base\.v\[0\].* nests too deep: at most 256 levels/ });

  it('the limit is exact: MAX_JSON_DEPTH levels pass, one more is refused', () => {
    const nest = (k: number): unknown => {
      let v: unknown = 0;
      for (let i = 0; i < k; i++) v = [v];
      return v;
    };
    assert.equal(tooDeep(nest(MAX_JSON_DEPTH), 'x'), undefined);
    assert.match(tooDeep(nest(MAX_JSON_DEPTH + 1), 'x') ?? '', /^x: arrays and objects nested more than 1000 deep/);
  });
});
