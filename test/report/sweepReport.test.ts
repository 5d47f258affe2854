/**
 * `overparam report` of a sweep: the axes and measurements found in point records, the default plot
 * (a measurement against the numeric swept axis, one series per other axis), points left out and
 * requests for what is not there; the page escapes everything the file holds; the command end to end.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/errors.js';
import { sweepSummary } from '../../src/experiments/results/sweepPlots.js';
import { pointId } from '../../src/experiments/runner/pointId.js';
import { recordLine, type PointRecord } from '../../src/experiments/runner/records.js';
import type { JsonObject } from '../../src/experiments/runner/json.js';
import { renderSweepReport } from '../../src/report/sweepReport.js';
import { vegaLiteToSvg } from '../../src/report/vegaSvg.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

function record(kind: string, params: JsonObject, result?: JsonObject, error?: string): PointRecord {
  return { id: pointId(kind, params), kind, params, ...(error !== undefined ? { error } : { result }), seconds: 0.1, shard: { index: 0, count: 1 } };
}

/** width × depth × seed points of a drift ∝ m^−1/2 (the model spec holds the width, as the examples' do). */
function driftSweep(): PointRecord[] {
  const out: PointRecord[] = [];
  for (const width of [64, 256, 1024]) for (const depth of [2, 3]) for (const seed of [0, 1]) {
    const params = { model: { preset: 'du2019-fc', width, depth }, width, depth, seed, steps: 10 };
    out.push(record('train', params, { steps: 10, final: { kernel: { drift: (depth + seed * 0.1) / Math.sqrt(width), singular: 0 } }, finalLoss: 0.5 }));
  }
  return out;
}

describe('sweep report', () => {
  it('finds the swept axes and the measurements that vary, and plots each against the numeric axis by series', () => {
    const s = sweepSummary(driftSweep());
    assert.deepEqual(s.axes, ['model', 'width', 'depth', 'seed']);
    assert.deepEqual(s.measurements, ['steps', 'final.kernel.drift', 'final.kernel.singular', 'finalLoss']);
    assert.equal(s.plots.length, 1, 'constant measurements are not plotted by default');
    const p = s.plots[0];
    assert.equal(p.x, 'width');
    assert.equal(p.y, 'final.kernel.drift');
    assert.equal(p.series, 'depth', 'the model spec changes only with the width: not a series');
    assert.equal(p.rows.length, 12);
    assert.ok(p.logLog);
    const row = p.rows.find((r) => r.x === 256 && r.series === '3' && r.seed === 1)!;
    assert.equal(row.y, 3.1 / 16);
  });

  it('leaves out points without a finite value, counting them, and draws linear axes when a value is not positive', () => {
    const recs = driftSweep();
    recs[0] = record('train', recs[0].params, undefined, 'diverged');
    recs[1] = record('train', recs[1].params, { steps: 10, final: { kernel: { drift: -1, singular: 0 } }, finalLoss: 0.5 });
    const p = sweepSummary(recs, { y: 'final.kernel.drift' }).plots[0];
    assert.equal(p.rows.length, 11);
    assert.equal(p.leftOut, 1);
    assert.equal(p.logLog, false);
    assert.equal(sweepSummary(recs).failed, 1);
  });

  it('refuses an axis or measurement that is not there, naming what is, and a file of several kinds', () => {
    assert.throws(() => sweepSummary(driftSweep(), { y: 'nope' }, 'f.jsonl'), (e: unknown) => e instanceof ConfigError && /--y nope: .*final\.kernel\.drift/.test(e.message));
    assert.throws(() => sweepSummary(driftSweep(), { x: 'steps' }), /--x steps: .*no swept parameter steps/);
    assert.throws(() => sweepSummary(driftSweep(), { x: 'model' }), /not numbers/);
    assert.throws(() => sweepSummary([...driftSweep(), record('kernel', { seed: 9 }, { trace: 1 })]), /several kinds \(train, kernel\)/);
    assert.throws(() => sweepSummary([]), /no points/);
  });

  it('escapes what the file holds and renders its plot through the whitelist', async () => {
    const evil = '<script>alert(1)</script>';
    const recs = [64, 256].map((width) => record(evil, { width, tag: `<img src=x onerror=alert(1)>${width}`, seed: 0 }, { [evil]: 1 / width }));
    const page = await renderSweepReport(sweepSummary(recs), `${evil}.jsonl`, (spec) => vegaLiteToSvg(spec));
    assert.ok(!page.includes('<script>'), 'no raw script tag');
    assert.ok(!page.includes('<img src=x'), 'no raw img tag');
    assert.ok(page.includes('<svg'), 'the plot is drawn');
    assert.ok(!page.includes('could not be rendered'));
  });

  it('overparam report of a sweep file writes the page; a request for a missing measurement exits 2 with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overparam-sweep-report-'));
    try {
      const file = join(dir, 'sweep.jsonl');
      writeFileSync(file, driftSweep().map(recordLine).join(''));
      const ok = spawnSync(process.execPath, [MAIN, 'report', file], { encoding: 'utf8' });
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /sweep of kind train: 12 points, 1 plot/);
      assert.ok(readFileSync(join(dir, 'report', 'index.html'), 'utf8').includes('final.kernel.drift against width by depth'));
      const bad = spawnSync(process.execPath, [MAIN, 'report', file, '--y', 'nope'], { encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
      assert.match(bad.stderr, /--y nope/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
