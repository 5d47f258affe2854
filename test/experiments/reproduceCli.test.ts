/** `overparam reproduce` from the command line: the seed flags' errors, Ctrl-C with one worker, and the saved results' formats. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { claimRecord, readSavedResults } from '../../src/experiments/results/saved.js';
import { resolveSeeds } from '../../src/cli/seedsOption.js';
import type { ClaimResult } from '../../src/experiments/claims/claim.js';
import { recordLine } from '../../src/experiments/runner/records.js';
import { ConfigError } from '../../src/errors.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('overparam reproduce: seeds', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-reproduce-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const bad: [string[], RegExp][] = [
    [['--seeds', '0'], /^--seeds must be a count N ≥ 1 .*got "0"$/],
    [['--seeds', 'a'], /^--seeds must be .*got "a"$/],
    [['--seeds', '3,7,3'], /^--seeds lists seed 3 twice/],
    [['--seeds', '-1'], /^--seeds must be .*got "-1"$/],
    [['--seeds', '1,-2'], /^--seeds must be .*"-2" in "1,-2" is not an integer ≥ 0$/],
    [['--seeds', '1,'], /^--seeds must be /],
    [['--seeds', '1001'], /^--seeds must be .*1…1000/],
    [['--seeds', '2', '-s', '1'], /^give -s\/--seed \(one seed\) or --seeds \(several\), not both$/],
    [['-s', 'x'], /^--seed must be an integer ≥ 0; got "x"$/],
  ];

  it('seeds: a count, a list, one seed, or the scale\'s default; bad values are user errors naming the flag', () => {
    assert.deepEqual(resolveSeeds(undefined, '3', 'quick'), [0, 1, 2]);
    assert.deepEqual(resolveSeeds(undefined, ' 3, 7,11', 'quick'), [3, 7, 11]);
    assert.deepEqual(resolveSeeds('5', undefined, 'full'), [5]);
    assert.deepEqual(resolveSeeds(undefined, undefined, 'quick'), [0, 1, 2]);
    assert.deepEqual(resolveSeeds(undefined, undefined, 'full'), [0, 1]);
    for (const [args, message] of bad) {
      const flag = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
      assert.throws(() => resolveSeeds(flag('-s'), flag('--seeds'), 'quick'), (e: unknown) => e instanceof ConfigError && message.test(e.message), args.join(' '));
    }
  });

  it('on the command line they exit 2 with one line', () => {
    for (const [args, message] of [bad[0], bad[2], bad[3], bad[7]]) {
      const r = cli(['reproduce', '--claim', 'liu2020.parameterization-identity', '-o', join(dir, 'bad'), ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(lines[0].startsWith('overparam: '), lines[0]);
      assert.match(lines[0].slice('overparam: '.length), message);
    }
  });

  it('--seeds 3,7 runs each claim at seeds 3 and 7 and prints the per-seed letters', () => {
    const out = join(dir, 'list');
    const r = cli(['reproduce', '--claim', 'liu2020.parameterization-identity,allenzhu2019.prop-g3-identity', '--seeds', '7,3', '-q', '-w', '1', '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /liu2020\.parameterization-identity\s+\w+\s+[HFI] [HFI]\s+seed \d+: /);
    assert.match(r.stdout, /seeds 7, 3: a claim holds when it holds at every seed/);
    const saved = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { format: string; meta: { seeds: number[] }; results: { seeds: { seed: number }[] }[] };
    assert.equal(saved.format, 'overparam-results/2');
    assert.deepEqual(saved.meta.seeds, [7, 3]);
    for (const res of saved.results) assert.deepEqual(res.seeds.map((s) => s.seed), [3, 7]);
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { params: { seed: number } }).params.seed).sort(), [3, 3, 7, 7]);
  });

  it('Ctrl-C with -w 1 stops after the run in progress, keeps the finished runs, and --resume completes them', async () => {
    // du2019.fc-lambda0-collapse takes about a second a seed at quick scale, so the signal, sent when
    // the first seed is done, lands while a later one runs.
    const out = join(dir, 'sigint');
    const args = [MAIN, 'reproduce', '--claim', 'du2019.fc-lambda0-collapse', '--seeds', '6', '-w', '1', '-o', out];
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!sent && stderr.includes(' → ')) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('exit', (c) => resolve({ code: c, stdout, stderr }));
    });
    assert.equal(code, 130, `${stderr}\n${stdout}`);
    assert.match(stderr, /stopping when the claims and points running now finish/);
    const done = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').length;
    assert.ok(done >= 1 && done < 6, `${done} runs kept`);
    assert.match(stdout, new RegExp(`stopped after ${done} of 6 \\(claim, seed\\) runs`));
    const r = cli(['reproduce', '--claim', 'du2019.fc-lambda0-collapse', '--seeds', '6', '-w', '1', '-q', '--resume', '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').length, 6);
  });

  it('a planned claim split over two shards: each records its points and leaves the verdict to the merge, which equals one run', () => {
    // du2019.weight-movement's 30 GD runs at seed 0, dealt 15 and 15 by expected cost (a few seconds in all).
    const base = ['reproduce', '--claim', 'du2019.weight-movement', '-s', '0', '-w', '1'];
    const shards = [0, 1].map((i) => {
      const out = join(dir, `planned-${i}`);
      const r = cli([...base, '--shard', `${i}/2`, '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /shard \d\/2: 15 points to run .*; 0 \(claim, seed\) runs judged here, 1 when the shards' results are merged/);
      assert.match(r.stdout, /1 \(claim, seed\) runs need points of other shards: merge/);
      return join(out, 'results.jsonl');
    });
    const alone = cli(['report', shards[0], '-o', join(dir, 'planned-alone')]);
    assert.equal(alone.status, 2);
    assert.match(alone.stderr, /not judged, missing points .*du2019\.weight-movement at seed 0 \(quick\): 15 of 30 points/);
    const merged = join(dir, 'planned-merged.jsonl');
    assert.equal(cli(['merge', ...shards, '-o', merged]).status, 0);
    const whole = join(dir, 'planned-whole');
    assert.equal(cli([...base, '-q', '-o', whole]).status, 0);
    const shown = (f: string) => readSavedResults(f).results.map(({ seeds, ...r }) => ({ ...r, seeds: seeds.map(({ seconds: _s, ...x }) => x) }));
    const [m, w] = [shown(merged), shown(join(whole, 'results.json'))];
    assert.equal(m.length, 1);
    assert.deepEqual({ ...m[0], seconds: 0 }, { ...w[0], seconds: 0 });
  });
});

describe('saved results: format overparam-results/2, and /1 files still read', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-saved-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const v1Result = {
    id: 'liu2020.kappa-identity', paper: 'liu2020', theorem: 'Eq 5', prediction: 'κ identity', experiment: 'e', falsifier: 'f', statistic: 's', negativeControl: false,
    scale: 'quick', verdict: 'fails', value: 3, reason: 'its own reason', measured: 'κ off by 3', data: [], seconds: 1.25,
  };

  it('reads a /1 file as its one seed, and `overparam report` renders it', () => {
    const file = join(dir, 'v1.json');
    writeFileSync(file, JSON.stringify({ format: 'overparam-results/1', meta: { generated: 'then', scale: 'quick', seed: 4 }, results: [v1Result] }));
    const saved = readSavedResults(file);
    assert.equal(saved.format, 'overparam-results/2');
    assert.deepEqual(saved.meta.seeds, [4]);
    assert.equal(saved.results[0].verdict, 'fails');
    assert.equal(saved.results[0].reason, 'its own reason');
    assert.equal(saved.results[0].dataSeed, 4);
    assert.deepEqual(saved.results[0].seeds, [{ seed: 4, verdict: 'fails', value: 3, measured: 'κ off by 3', reason: 'its own reason', seconds: 1.25 }]);
    const r = cli(['report', file, '-o', join(dir, 'r1')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /liu2020\.kappa-identity\s+fails\s+F\s+κ off by 3/);
    assert.match(readFileSync(join(dir, 'r1', 'report', 'index.html'), 'utf8'), /· seed 4/);
  });

  it('names what is wrong with a results file', () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ format: 'overparam-results/9', results: [] }));
    assert.throws(() => readSavedResults(other), (e: unknown) => e instanceof ConfigError && /not a results file .*overparam-results\/2/.test(e.message));
    const v2 = join(dir, 'v2.json');
    writeFileSync(v2, JSON.stringify({ format: 'overparam-results/2', meta: { generated: 'g', scale: 'quick', seeds: [0] }, results: [v1Result] }));
    assert.throws(() => readSavedResults(v2), (e: unknown) => e instanceof ConfigError && /"seeds" array/.test(e.message));
    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(mixed, ['quick', 'full'].map((scale) => recordLine(claimRecord({ seed: 0, result: { ...v1Result, scale } as ClaimResult }, { index: 0, count: 1 }))).join(''));
    assert.throws(() => readSavedResults(mixed), (e: unknown) => e instanceof ConfigError && /quick and full scale/.test(e.message));
  });
});
