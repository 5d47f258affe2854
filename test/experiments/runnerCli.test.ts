import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const KINDS = fileURLToPath(new URL('./runnerKinds.js', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLURM_') && k !== 'JOB_COMPLETION_INDEX'));
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...clean, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('overparam sweep / merge', () => {
  let dir: string;
  let spec: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-runner-cli-'));
    spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ name: 'toy', kind: 'test.toy', sweep: { x: [1, 2, 3] }, seeds: 2, modules: [KINDS] }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs shards from the flag and from SLURM, then merges them complete', () => {
    const out = join(dir, 'r-{shard}.jsonl');
    const a = cli(['sweep', spec, '--out', out, '--shard', '0/2', '--workers', '2', '-q']);
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stdout, /sweep toy, shard 0\/2: 3 points, 3 run on 2 worker threads/);
    const b = cli(['sweep', spec, '--out', out, '-q', '-w', '1'], { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' });
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /shard 1\/2 \(from SLURM\)/);
    const files = [join(dir, 'r-0-of-2.jsonl'), join(dir, 'r-1-of-2.jsonl')];
    assert.ok(files.every((f) => existsSync(f)));
    const merged = join(dir, 'merged.jsonl');
    const m = cli(['merge', ...files, '--out', merged, '--spec', spec]);
    assert.equal(m.status, 0, m.stderr);
    assert.match(m.stdout, /toy: 6 of 6 points done/);
    assert.equal(readFileSync(merged, 'utf8').trim().split('\n').length, 6);
    const partial = cli(['merge', files[0], '--out', join(dir, 'partial.jsonl'), '--spec', spec]);
    assert.equal(partial.status, 1);
    assert.match(partial.stdout, /3 missing/);
  });

  it('says what is wrong: unknown kind, malformed shard, malformed JSON Lines', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'bad', kind: 'test.nope' }));
    const u = cli(['sweep', bad, '--out', join(dir, 'u.jsonl'), '--module', KINDS]);
    assert.equal(u.status, 2);
    assert.match(u.stderr, /unknown point kind "test\.nope"; registered kinds: .*test\.toy/);
    const s = cli(['sweep', spec, '--out', join(dir, 'u.jsonl'), '--shard', '2/2']);
    assert.equal(s.status, 2);
    assert.match(s.stderr, /--shard must be i\/N/);
    const jl = join(dir, 'broken.jsonl');
    writeFileSync(jl, '{"id": 1}\n\n');
    const m = cli(['merge', jl, '--out', join(dir, 'x.jsonl')]);
    assert.equal(m.status, 2);
    assert.match(m.stderr, /broken\.jsonl:1: "id" must be 16 hex digits/);
  });

  it('--help and --list', () => {
    const h = cli(['sweep', '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, /--shard <i\/N>/);
    assert.match(h.stdout, /SLURM_ARRAY_TASK_ID/);
    const l = cli(['sweep', spec, '--out', 'unused.jsonl', '--list', '--shard', '1/2']);
    assert.equal(l.status, 0, l.stderr);
    assert.match(l.stdout, /toy, shard 1\/2: 3 points\n\s+1\s+[0-9a-f]{16}\s+\{"seed":1,"x":1\}/);
  });
});
