/**
 * scripts/same-results.mjs, the check the cluster test (scripts/slurm-test.sh) uses for "merged shards equal
 * one unsharded run": records in another order and from other shards, with other wall times, are equal; a
 * result differing in one digit, a missing record or an extra one is a difference (exit 1, naming the id).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const SCRIPT = fileURLToPath(new URL('../../../scripts/same-results.mjs', import.meta.url));

let dir = '';
function file(name: string, records: object[]): string {
  const f = join(dir, name);
  writeFileSync(f, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return f;
}
const rec = (id: string, value: number, seconds = 1, shard = 0): object => ({ id, kind: 'k', params: { width: 4, seed: 0 }, result: { lambdaMin: value, list: [1, 2] }, seconds, shard: { index: shard, count: 2 } });
const run = (a: string, b: string): { status: number | null; stderr: string } => spawnSync(process.execPath, [SCRIPT, a, b], { encoding: 'utf8' });

describe('same-results (merged shards against one run)', () => {
  before(() => (dir = mkdtempSync(join(tmpdir(), 'overparam-same-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the same records in another order, shard and wall time are equal', () => {
    const r = run(file('a.jsonl', [rec('p1', 0.5), rec('p2', 0.25)]), file('b.jsonl', [rec('p2', 0.25, 9, 1), rec('p1', 0.5, 3, 1)]));
    assert.equal(r.status, 0, r.stderr);
  });

  it('a result one digit off, a missing record and an extra one differ, by id', () => {
    const a = file('a2.jsonl', [rec('p1', 0.5), rec('p2', 0.25)]);
    const off = run(a, file('off.jsonl', [rec('p1', 0.5), rec('p2', 0.2500000000000001)]));
    assert.equal(off.status, 1);
    assert.match(off.stderr, /p2 differs/);
    const missing = run(a, file('missing.jsonl', [rec('p1', 0.5)]));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /p2 is in .* but not in/);
    const extra = run(a, file('extra.jsonl', [rec('p1', 0.5), rec('p2', 0.25), rec('p3', 1)]));
    assert.equal(extra.status, 1);
    assert.match(extra.stderr, /p3 is in .* but not in/);
  });
});
