/**
 * Claims as data on the one engine: planned claims run as points (computed once when shared), judged on
 * their results; shards split points and their merged records rebuild the verdicts of one run exactly.
 * The toy claims below are judged on the runner tests' `test.toy` points (runnerKinds.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import type { Claim } from '../../src/experiments/claims/claim.js';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';
import { EXPECTED_SECONDS } from '../../src/experiments/expectedSeconds.js';
import { planSuite, planUnits, runSuite, shardWork, type PlannedRun, type SuitePlan } from '../../src/experiments/reproduce.js';
import { judgePlanned, plannedPoints, runClaims } from '../../src/experiments/runClaims.js';
import { planRecord, plannedRuns, PLAN_KIND } from '../../src/experiments/results/saved.js';
import { readResultsFile, recordLine, type PointRecord } from '../../src/experiments/runner/records.js';
import { hasPointKind, pointKindDescriptor } from '../../src/experiments/runner/registry.js';
import type { SeedRun } from '../../src/experiments/seedVerdicts.js';
import '../../src/experiments/kinds/index.js';
import './runnerKinds.js';

const KINDS = new URL('./runnerKinds.js', import.meta.url).href;

interface ToySizes {
  xs: number[];
}

/** y − x² of test.toy is a uniform draw: its mean lies in (0, 1). */
function toyClaim(id: string, offset: number): Claim<ToySizes> {
  return {
    id, paper: 'du2019', theorem: 'none (a test)', prediction: 'the mean of y − x² lies in (0, 1)', falsifier: 'a mean outside (0, 1)', statistic: 'the mean',
    sizes: { quick: { xs: [1, 2, 3, 4, 5] }, full: { xs: [1, 2, 3, 4, 5, 6, 7] } },
    experiment: (s) => `test.toy points at x = ${s.xs.join(', ')}`,
    plan: {
      points: (s) => s.xs.map((x) => ({ kind: 'test.toy', params: { x } })),
      judge(results, s, ctx) {
        const ys = results.map((r, i) => (r['y'] as number) - s.xs[i] ** 2 + offset);
        const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
        const u = ctx.rng.fold('bootstrap').uniform();
        return { verdict: mean > 0 && mean < 1 ? 'holds' : 'fails', value: mean, reason: `mean ${mean}`, measured: `mean ${mean.toFixed(4)} (draw ${u})`, data: ys.map((y, i) => ({ x: s.xs[i], y })) };
      },
    },
  };
}

const A = toyClaim('test.toy-mean', 0);
const B = toyClaim('test.toy-shifted', 5); // the same points, judged differently: fails
const TOYS = [A, B];
const strip = (runs: readonly SeedRun[]) => runs.map((r) => ({ seed: r.seed, result: { ...r.result, seconds: 0 } }));

/** Runs a plan in this thread, returning the runs and the point records it wrote. */
async function runAndRecord(plan: SuitePlan, opts: { known?: Map<string, { result?: import('../../src/experiments/runner/json.js').JsonObject; seconds: number }>; touched?: readonly PlannedRun[] } = {}): Promise<{ runs: SeedRun[]; records: PointRecord[] }> {
  // As reproduce does: the plan records of the runs this shard computes points of, then the points.
  const records: PointRecord[] = (opts.touched ?? plan.planned).map((r) => planRecord(r.claim, plan.scale, r.seed, { index: 0, count: 1 }));
  const runs = await runSuite(plan, {
    inThisThread: true, known: opts.known,
    onPoint: (p, o) => records.push({ id: p.id, kind: p.kind, params: p.params, ...(o.result !== undefined ? { result: o.result } : { error: o.error! }), seconds: o.seconds, shard: { index: 0, count: 1 } }),
  });
  return { runs, records };
}

function readBack(records: readonly PointRecord[]): ReturnType<typeof readResultsFile>['entries'] {
  const dir = mkdtempSync(join(tmpdir(), 'overparam-plans-'));
  try {
    const f = join(dir, 'r.jsonl');
    writeFileSync(f, records.map(recordLine).join(''));
    return readResultsFile(f).entries;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('claims as data: plans and judges', () => {
  it('every claim has exactly one of a run and a plan; a plan lists points of registered, documented kinds that accept them, at both scales', () => {
    for (const c of ALL_CLAIMS) {
      assert.equal((c.run === undefined) !== (c.plan === undefined), true, `${c.id}: exactly one of run and plan`);
      if (c.plan === undefined) continue;
      for (const scale of ['quick', 'full'] as const) {
        const ps = plannedPoints(c, scale, 3);
        assert.ok(ps.length > 0, `${c.id} lists points`);
        assert.equal(new Set(ps.map((p) => p.id)).size, ps.length, `${c.id}: no point twice`);
        for (const p of ps) {
          assert.ok(hasPointKind(p.kind), `${c.id}: kind ${p.kind} is registered`);
          const d = pointKindDescriptor(p.kind);
          assert.ok(d?.validate !== undefined && d.cost !== undefined, `${p.kind} documents, validates and costs its points`);
          d.validate!(p.params);
          assert.equal(p.params['seed'], 3);
          assert.ok(d.cost!(p.params) > 0);
        }
      }
    }
    assert.ok(ALL_CLAIMS.some((c) => c.plan !== undefined), 'some claims are planned');
  });

  it('every claim without a plan has a measured expected time at both scales; a planned claim has none (its kinds cost its points)', () => {
    for (const c of ALL_CLAIMS) {
      const e = EXPECTED_SECONDS[c.id];
      if (c.plan !== undefined) assert.equal(e, undefined, `${c.id} is planned`);
      else assert.ok(e !== undefined && e.quick > 0 && e.full > 0, `${c.id}: expected seconds at quick and full`);
    }
    for (const id of Object.keys(EXPECTED_SECONDS)) assert.ok(ALL_CLAIMS.some((c) => c.id === id), `${id} names a claim`);
  });

  it('claims of one experiment share its points: du2019.gram-stability and du2019.weight-movement judge the same runs', () => {
    const [g, w] = ['du2019.gram-stability', 'du2019.weight-movement'].map((id) => ALL_CLAIMS.find((c) => c.id === id)!);
    assert.deepEqual(plannedPoints(g, 'full', 0).map((p) => p.id), plannedPoints(w, 'full', 0).map((p) => p.id));
    const plan = planSuite([g, w], [0, 1], 'quick');
    assert.equal(plan.points.length, 2 * plannedPoints(g, 'quick', 0).length, 'each run once per seed');
    assert.equal(plan.planned.length, 4);
  });

  it('the du2019 judges read a diverged run (null) as a failure and follow the results order', () => {
    const g = ALL_CLAIMS.find((c) => c.id === 'du2019.gram-stability')!;
    const ps = plannedPoints(g, 'quick', 0);
    const law = (e: number) => ps.map((p, i) => ({ drift: 0.5 * (p.params['width'] as number) ** e * (1 + 0.05 * ((i % 3) - 1)), movement: 1 }));
    const judge = (results: ReturnType<typeof law>) => judgePlanned(g, 'quick', 0, results.map((result) => ({ result, seconds: 0 }))).verdict;
    assert.equal(judge(law(-1)), 'holds');
    assert.equal(judge(law(-0.25)), 'fails', 'a drift ∝ m^−1/4 fails');
    const diverged = law(-1).map((r, i) => (i === 3 ? { drift: null, movement: null } : r));
    assert.equal(judgePlanned(g, 'quick', 0, diverged.map((result) => ({ result: result as never, seconds: 0 }))).verdict, 'fails');
  });

  it('in this thread, on workers and read back from records, a planned claim gets the same result; shared points run once', async () => {
    const units = [0, 1].map((seed) => ({ claims: TOYS, seed }));
    const plan = planUnits(units, 'quick');
    assert.equal(plan.points.length, 10, '5 points a seed, shared by both claims');
    const { runs, records } = await runAndRecord(plan);
    assert.equal(records.filter((r) => r.kind !== PLAN_KIND).length, 10);
    assert.deepEqual(runs.map((r) => [r.result.id, r.seed, r.result.verdict]), [[A.id, 0, 'holds'], [A.id, 1, 'holds'], [B.id, 0, 'fails'], [B.id, 1, 'fails']]);
    const onWorkers = await runSuite(plan, { workers: 2, modules: [KINDS] });
    assert.deepEqual(strip(onWorkers), strip(runs));
    const alone = await runClaims(TOYS, { scale: 'quick', seed: 1 });
    assert.deepEqual(alone.map((r) => ({ ...r, seconds: 0 })), strip(runs).filter((r) => r.seed === 1).map((r) => r.result));
    const back = plannedRuns(readBack(records), TOYS);
    assert.deepEqual(back.incomplete, []);
    assert.deepEqual(strip(back.runs.map((r) => r.run)).sort((a, b) => a.result.id.localeCompare(b.result.id) || a.seed - b.seed), strip(runs));
    assert.notEqual(runs[0].result.value, runs[1].result.value, 'seeds differ');
    // A full-scale run holds every point of the quick plan too (x = 1…5 of 1…7): only the full run is judged.
    const full = await runAndRecord(planUnits([{ claims: [A], seed: 0 }], 'full'));
    const read = plannedRuns(readBack(full.records), TOYS);
    assert.deepEqual(read.runs.map((r) => [r.run.result.id, r.scale]), [[A.id, 'full']]);
    assert.deepEqual(read.incomplete, []);
  });

  it('N shards split the points, judge what they hold, and their merged records give one run\'s results exactly', async () => {
    const full = planUnits([0, 1, 2].map((seed) => ({ claims: TOYS, seed })), 'quick');
    const whole = await runAndRecord(full);
    for (const n of [1, 2, 3, 4]) {
      const merged: PointRecord[] = [];
      const seen = new Set<string>();
      let judged = 0;
      for (let i = 0; i < n; i++) {
        const work = shardWork(full, { index: i, count: n });
        for (const p of work.plan.points) {
          assert.ok(!seen.has(p.id), `n = ${n}: point ${p.id} in one shard`);
          seen.add(p.id);
        }
        const { runs, records } = await runAndRecord(work.plan, { touched: work.touched });
        judged += runs.length;
        assert.equal(runs.length, work.plan.planned.length);
        assert.equal(work.plan.planned.length + work.judgedAtMerge, full.planned.length);
        merged.push(...records);
      }
      assert.equal(seen.size, full.points.length, `n = ${n}: every point in some shard`);
      if (n === 1) assert.equal(judged, full.planned.length);
      const back = plannedRuns(readBack(merged), TOYS).runs.map((r) => r.run);
      assert.deepEqual(strip(back).sort((a, b) => a.result.id.localeCompare(b.result.id) || a.seed - b.seed), strip(whole.runs));
    }
  });

  it('a failed point makes its claims inconclusive, naming it; records missing points are reported, not judged; resume skips known points', async () => {
    const neg: Claim<ToySizes> = { ...toyClaim('test.toy-negative', 0), sizes: { quick: { xs: [1, -2, 3] }, full: { xs: [1] } } };
    const { runs, records } = await runAndRecord(planUnits([{ claims: [neg], seed: 0 }], 'quick'));
    assert.equal(runs[0].result.verdict, 'inconclusive');
    assert.match(runs[0].result.reason, /point 1 \(test\.toy [0-9a-f]{16}\) failed: .*toy failure at x=-2/);
    assert.equal(records.filter((r) => r.error !== undefined).length, 1);
    assert.equal(records[0].kind, PLAN_KIND);
    assert.equal(plannedRuns(readBack(records), [neg]).runs[0].run.result.verdict, 'inconclusive', 'the error record judges the same');

    const plan = planUnits([{ claims: [A], seed: 4 }], 'quick');
    const first = await runAndRecord(plan);
    // The plan record and two of the five points.
    const partial = plannedRuns(readBack(first.records.slice(0, 3)), [A]);
    assert.deepEqual(partial.runs, []);
    assert.deepEqual(partial.incomplete, ['test.toy-mean at seed 4 (quick): 2 of 5 points']);
    // The points alone (a sweep of the same kind) are no claim run; a plan record for a claim without a plan is an error.
    assert.deepEqual(plannedRuns(readBack(first.records.slice(1)), [A]), { runs: [], incomplete: [] });
    assert.throws(() => plannedRuns(readBack(first.records), []), (e: unknown) => e instanceof ConfigError && /:1: params\.claim "test\.toy-mean" names no claim with a plan/.test((e as Error).message));
    // Resume with three points known: only the other two run, and the result is the same.
    const dir = mkdtempSync(join(tmpdir(), 'overparam-plans-'));
    const log = join(dir, 'log');
    process.env['RUNNER_TEST_LOG'] = log;
    try {
      writeFileSync(log, '');
      const known = new Map(first.records.slice(1, 4).map((r) => [r.id, { result: r.result!, seconds: r.seconds }]));
      const resumed = await runAndRecord(plan, { known, touched: [] });
      assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 2);
      assert.equal(resumed.records.length, 2);
      assert.deepEqual(strip(resumed.runs), strip(first.runs));
    } finally {
      delete process.env['RUNNER_TEST_LOG'];
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the du2019.resnet-gd kind names a malformed parameter', () => {
    const d = pointKindDescriptor('du2019.resnet-gd')!;
    const ok = { width: 8, replicate: 0, depth: 2, cRes: 0.25, n: 4, d: 3, steps: 2, every: 1 };
    d.validate!(ok);
    assert.throws(() => d.validate!({ ...ok, width: 0 }), (e: unknown) => e instanceof ConfigError && /params\.width/.test((e as Error).message));
    assert.throws(() => d.validate!({ ...ok, cRes: -1 }), (e: unknown) => e instanceof ConfigError && /params\.cRes/.test((e as Error).message));
    assert.throws(() => d.validate!({ ...ok, eta: 1 }), (e: unknown) => e instanceof ConfigError && /eta/.test((e as Error).message));
    const { width: _w, ...noWidth } = ok;
    assert.throws(() => d.validate!(noWidth), (e: unknown) => e instanceof ConfigError && /params\.width/.test((e as Error).message));
  });
});
