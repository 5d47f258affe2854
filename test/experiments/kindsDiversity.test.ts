/**
 * The built-in point kind `diversity`: exact values equal chen2018's Theorems 6–10 (and `overparam
 * diversity exact`), the Monte Carlo equals `overparam diversity mc` bit for bit for the same seed and
 * draws (whatever the CLI's worker count), and bad parameters exit 2 naming the field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diversityPoint } from '../../src/experiments/kinds/diversity.js';
import { chen2018BatchBound, chen2018LinearMoments } from '../../src/theory/chen2018.js';
import { cli, malformedCase } from '../cli/malformed.js';

let dir = '';
const at = (...p: string[]): string => join(dir, ...p);
type Est = { estimate: number; se: number };

describe('point kind diversity', () => {
  before(() => (dir = mkdtempSync(join(tmpdir(), 'overparam-kinds-diversity-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exact: R(n;K) and the moments of chen2018 Theorems 6–10, as `diversity exact` prints them', async () => {
    for (const [widths, n] of [[[3, 4], 5], [[2, 5, 3], 1], [[4, 4, 4, 4], 9]] as const) {
      const r = await diversityPoint({ widths: [...widths], n }, { seed: 0 });
      const b = chen2018BatchBound(widths, n);
      const m = chen2018LinearMoments(widths);
      assert.equal(r['ratio'], b.ratio);
      assert.equal(r['limit'], b.limit);
      assert.equal(r['numerator'], b.numerator);
      assert.equal(r['normSquared'], m.normSquared);
      assert.equal(r['innerProduct'], m.innerProduct);
      assert.deepEqual(r['layerNormSquared'], m.layerNormSquared);
      // R(1;K) = 1: one example has no cross terms (Thm 6).
      if (n === 1) assert.ok(Math.abs(b.ratio - 1) < 1e-15);
    }
    const c = cli(['diversity', 'exact', '-K', '3,4', '--n', '5', '--json', '-q', '-o', at('ex')]);
    assert.equal(c.status, 0, c.stderr);
    const bound = (JSON.parse(c.stdout) as { bounds: { ratio: number; numerator: number }[] }).bounds[0];
    const r = await diversityPoint({ widths: [3, 4], n: 5, method: 'exact' }, { seed: 0 });
    assert.equal(r['ratio'], bound.ratio);
    assert.equal(r['numerator'], bound.numerator);
  });

  it('mc: equals `overparam diversity mc` bit for bit (same seed and draws, CLI on 2 workers)', async () => {
    const c = cli(['diversity', 'mc', '-K', '3,4', '--n', '5', '--draws', '2000', '--block-size', '300', '--seed', '2', '--workers', '2', '--json', '-q', '-o', at('mc')]);
    assert.equal(c.status, 0, c.stderr);
    const e = (JSON.parse(c.stdout) as { estimate: { ratio: Est; normSquared: Est; innerProduct: Est; perDraw: { mean: Est } } }).estimate;
    const r = await diversityPoint({ widths: [3, 4], n: 5, method: 'mc', draws: 2000, blockSize: 300 }, { seed: 2 });
    assert.equal(r['ratio'], e.ratio.estimate);
    assert.equal(r['ratioSE'], e.ratio.se);
    assert.equal(r['normSquared'], e.normSquared.estimate);
    assert.equal(r['innerProductSE'], e.innerProduct.se);
    assert.equal(r['perDrawMean'], e.perDraw.mean.estimate);
    assert.equal(r['exactRatio'], chen2018BatchBound([3, 4], 5).ratio);
    const other = await diversityPoint({ widths: [3, 4], n: 5, method: 'mc', draws: 2000, blockSize: 300 }, { seed: 3 });
    assert.notEqual(other['ratio'], r['ratio']);
  });

  it('runs in a sweep with no --module, one finite record per point', () => {
    const out = at('s.jsonl');
    const spec = { name: 'd', kind: 'diversity', base: { widths: [3, 4], method: 'mc', draws: 3000 }, sweep: { n: [1, 4, 16] }, seeds: 2 };
    const r = cli(['sweep', JSON.stringify(spec), '-o', out, '-w', '1', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const recs = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { result?: Record<string, unknown> });
    assert.equal(recs.length, 6);
    assert.ok(recs.every((x) => x.result !== undefined && typeof x.result['ratio'] === 'number' && Number.isFinite(x.result['ratio'])));
    // n = 1: innerProduct has no estimate (null), never NaN.
    assert.equal(recs[0].result?.['innerProduct'], null);
  });

  const bad = (name: string, base: Record<string, unknown>, names: RegExp): void =>
    malformedCase({ name, kind: 'diversity parameters', args: () => ['sweep', JSON.stringify({ name: 'bad', kind: 'diversity', base }), '-o', at('bad.jsonl'), '-w', '1'], names });
  bad('one width', { widths: [3], n: 2 }, /params\.widths must list K_0 = d, K_1, …, K_\{L−1\}: at least two entries/);
  bad('a width 0', { widths: [3, 0], n: 2 }, /params\.widths\[1\] must be an integer ≥ 1; got 0/);
  bad('no n', { widths: [3, 4] }, /params\.n must be an integer ≥ 1; got nothing/);
  bad('method "exat"', { widths: [3, 4], n: 2, method: 'exat' }, /params\.method must be one of "exact", "mc"; got "exat"/);
  bad('draws with exact', { widths: [3, 4], n: 2, draws: 100 }, /params\.draws is for method "mc" only/);
  bad('draws 1', { widths: [3, 4], n: 2, method: 'mc', draws: 1 }, /params\.draws must be an integer ≥ 2; got 1/);
});
