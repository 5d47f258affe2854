/**
 * `overparam diversity exact | mc | train | batch-sweep` end to end: tables on stdout, JSON in --out,
 * --json, and clear errors with exit status 2 for bad input. Cost on 2 cores: ≈ 5 s (process starts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, 'diversity', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('overparam diversity', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-diversity-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exact: Theorems 6–10 for K = (3,4) (1200, 264, R = 1.6393443 and 3.3557047), and Lemmas 2–5 with other entries', () => {
    const out = join(dir, 'exact');
    const r = cli(['exact', '-K', '3,4', '-n', '2,10', '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /E‖∇f_i‖² = 1200 \(Thm 8\)/);
    assert.match(r.stdout, /E⟨∇f_i,∇f_j⟩ = 264 \(Thm 10\)/);
    assert.match(r.stdout, /1\.6393443/);
    assert.match(r.stdout, /3\.3557047/);
    const json = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(json.moments.normSquared, 1200);
    const l = cli(['exact', '-K', '5,7', '--distribution', 'uniform', '--teacher', 'laplace:2', '-n', '10', '-o', out, '--json']);
    assert.equal(l.status, 0, l.stderr);
    assert.equal(JSON.parse(l.stdout).model, 'chen2018 2-layer linear (Lemmas 2–5)');
  });

  it('mc: a ratio of means next to the exact value with z-scores, and the per-draw distribution', () => {
    const out = join(dir, 'mc');
    const r = cli(['mc', '-K', '3,4', '-n', '10', '--draws', '20000', '--workers', '0', '-o', out, '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /ratio of means/);
    assert.match(r.stdout, /mean of ratios/);
    assert.match(r.stdout, /against chen2018 Theorems 6–10/);
    const json = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(json.estimate.draws, 20000);
    for (const row of json.comparison) assert.ok(Math.abs(row.z) < 4, JSON.stringify(row));
    const g = cli(['mc', '--model', '{"preset":"chen2018-two-layer","inputDim":3,"width":4}', '-n', '5', '--draws', '500', '--workers', '0', '--json', '-o', out]);
    assert.equal(g.status, 0, g.stderr);
    const gj = JSON.parse(g.stdout);
    assert.equal(gj.exact, null);
    assert.equal(gj.estimate.path, 'generic');
  });

  it('train and batch-sweep write their JSON (and the plot)', () => {
    const t = cli(['train', '-K', '4,6', '-n', '16', '-b', '4', '--steps', '20', '-e', '10', '-o', join(dir, 'train')]);
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /B_S\(w_t\) along SGD/);
    assert.equal(JSON.parse(readFileSync(join(dir, 'train', 'summary.json'), 'utf8')).records.length, 3);
    const out = join(dir, 'sweep');
    const s = cli(['batch-sweep', '--family', 'width', '--d', '4', '-n', '16', '--widths', '8', '--seeds', '2', '--target', '0.01', '--mc-draws', '50', '--lr-grid', '4,2,1,0.5,0.25,0.125', '-o', out, '-q']);
    assert.equal(s.status, 0, s.stderr);
    assert.match(s.stdout, /critical B/);
    for (const f of ['results.json', 'table.txt', 'epochs-vs-batch.svg']) assert.ok(existsSync(join(out, f)), f);
    assert.match(readFileSync(join(out, 'epochs-vs-batch.svg'), 'utf8'), /^<svg/);
  });

  it('bad input: clear messages and exit status 2', () => {
    const cases: [string[], RegExp][] = [
      [['exact', '-K', '3,0'], /--widths must list positive integers/],
      [['exact', '-K', '3,x'], /positive integers/],
      [['exact', '-K', '3'], /at least two entries/],
      [['exact', '-K', '3,4,5', '--distribution', 'uniform'], /2-layer nets only/],
      [['mc', '-K', '3,4', '--draws', '1'], /--draws must be an integer ≥ 2/],
      [['mc', '-K', '3,4', '--distribution', 'cauchy'], /gaussian, uniform, rademacher, laplace/],
      [['mc'], /give the network/],
      [['mc', '--model', '{"preset":"chen2018-two-layer","inputDim":3,"width":4}', '--path', 'fast'], /linear model/],
      [['train', '-K', '3,4', '-n', '8', '-b', '9'], /batch size must be an integer from 1 to n = 8/],
      [['batch-sweep', '--family', 'deep'], /--family must be width, depth or both/],
      [['batch-sweep', '-n', '8', '--batches', '4,16'], /at most n = 8/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
    }
  });
});
