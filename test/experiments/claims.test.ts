import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { ALL_CLAIMS, selectClaims } from '../../src/experiments/claims/index.js';
import { experimentText, PAPERS } from '../../src/experiments/claims/claim.js';
import { claimUnits, runClaims, runClaimSeeds } from '../../src/experiments/reproduce.js';
import { aggregateSeedRuns, type SeededClaimResult } from '../../src/experiments/seedVerdicts.js';
import { renderReport } from '../../src/report/html.js';

describe('claims registry', () => {
  it('every claim names its paper, theorem, prediction, experiment and statistic; ids are unique', () => {
    const ids = new Set<string>();
    for (const c of ALL_CLAIMS) {
      assert.ok(!ids.has(c.id), `duplicate ${c.id}`);
      ids.add(c.id);
      assert.ok(c.id.startsWith(`${c.paper}.`), c.id);
      for (const f of [c.theorem, c.prediction, experimentText(c, 'quick'), c.statistic]) assert.ok(f.length > 5, `${c.id}: empty field`);
    }
    assert.ok(ALL_CLAIMS.some((c) => c.negativeControl), 'negative controls are claims too');
  });
  it('the claim protocol: every claim states a falsifier, and its experiment prose at each scale is generated from that scale\'s sizes', () => {
    for (const c of ALL_CLAIMS) {
      assert.ok(c.falsifier.length > 20, `${c.id}: falsifier`);
      for (const scale of ['quick', 'full'] as const) {
        assert.ok(c.sizes[scale] !== undefined, `${c.id}: no ${scale} sizes`);
        const text = experimentText(c, scale);
        assert.ok(text.length > 20, `${c.id}: ${scale} prose`);
        assert.doesNotMatch(text, /\((quick|full)\b|\b(quick|full)\)|undefined|NaN/, `${c.id}: "${text}"`);
      }
    }
  });
  it('work units: each claim at each seed, in the order given', () => {
    const claims = ALL_CLAIMS.slice(0, 3);
    const units = claimUnits(claims, [2, 5]);
    assert.deepEqual(units.map((u) => [u.claims.map((c) => c.id), u.seed]), claims.flatMap((c) => [[[c.id], 2], [[c.id], 5]]));
  });
  it('selection by paper and id, with clear errors', () => {
    assert.ok(selectClaims({ papers: ['du2019'] }).every((c) => c.paper === 'du2019'));
    assert.throws(() => selectClaims({ papers: ['du2020'] }), (e: unknown) => e instanceof ConfigError && /du2019/.test((e as Error).message));
    assert.throws(() => selectClaims({ claims: ['du2019.nope'] }), ConfigError);
  });
});

describe('smoke run: one claim per paper at quick scale', () => {
  const smoke = ['chen2018.width-and-depth', 'du2019.fc-lambda0-collapse', 'liu2020.parameterization-identity', 'allenzhu2019.prop-g3-identity', 'zou2018.gd-zero-training-error'];
  it(`runs ${smoke.join(', ')} and renders the report`, async () => {
    const claims = selectClaims({ claims: smoke });
    const papers = new Set(claims.map((c) => c.paper));
    for (const p of PAPERS) if (ALL_CLAIMS.some((c) => c.paper === p)) assert.ok(papers.has(p), `no smoke claim for ${p}`);
    const results = await runClaims(claims, { scale: 'quick', seed: 0 });
    assert.equal(results.length, claims.length);
    for (const r of results) {
      assert.ok(!r.error, `${r.id} did not run: ${r.error}`);
      // The verdict itself is the suite's output, not a property of the code: only that one was reached.
      assert.ok(['holds', 'fails', 'inconclusive'].includes(r.verdict), `${r.id}: ${r.verdict}`);
      assert.ok(r.measured.length > 0 && r.reason.length > 0 && r.seconds >= 0);
    }
    const html = await renderReport(aggregateSeedRuns(results.map((result) => ({ seed: 0, result }))), { generated: 'test', scale: 'quick', seeds: [0] });
    for (const r of results) assert.ok(html.includes(`id="${r.id}"`));
    assert.ok(html.startsWith('<!doctype html>') && !html.includes('<script'));
  });
  it('the cheap claims (Thm 5.1, the flip law, loss rates, ‖W(0)‖₂, b^(l), κ, SGD on the RNN, the RNN horizon) run to a verdict at quick scale', async () => {
    const ids = ['zou2018.init-separation', 'zou2018.init-output', 'zou2018.init-near-zero-preactivations', 'zou2018.flip-law-tight', 'zou2018.loss-rates', 'du2019.init-weight-spectral-norm', 'liu2020.backward-vectors', 'liu2020.kappa-identity', 'allenzhu2019.sgd-linear-convergence', 'allenzhu2019.horizon-polynomial'];
    const results = await runClaims(selectClaims({ claims: ids }), { scale: 'quick', seed: 0 });
    assert.equal(results.length, ids.length);
    for (const r of results) {
      assert.ok(!r.error, `${r.id} did not run: ${r.error}`);
      assert.ok(['holds', 'fails', 'inconclusive'].includes(r.verdict), `${r.id}: ${r.verdict}`);
      assert.ok(Number.isFinite(r.value ?? 0) && r.measured.length > 0, `${r.id}: ${r.measured}`);
    }
  });
  it('a claim whose experiment throws is reported inconclusive with the error, and the run goes on', async () => {
    const broken = { ...ALL_CLAIMS[0], id: 'du2019.broken', run: () => { throw new Error('boom'); } };
    const [r] = await runClaims([broken], { scale: 'quick', seed: 0 });
    assert.equal(r.verdict, 'inconclusive');
    assert.match(r.reason, /boom/);
  });
});

describe('reproduce: shards, merge and resume', () => {
  const quick = 'chen2018.width-and-depth,du2019.fc-lambda0-collapse,liu2020.parameterization-identity,allenzhu2019.prop-g3-identity';
  /** What a report shows of a claim, without the times. */
  const shown = (rs: readonly SeededClaimResult[]) =>
    rs.map((r) => ({ id: r.id, verdict: r.verdict, reason: r.reason, value: r.value, measured: r.measured, dataSeed: r.dataSeed, seeds: r.seeds.map(({ seconds: _s, ...rest }) => rest) }));

  it('--seeds: a line per (claim, seed); two shards merged give the same report as one run; --resume runs only the missing pairs', async () => {
    const { mkdtempSync, rmSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { reproduceCommand, readSavedResults } = await import('../../src/cli/commands/reproduce.js');
    const { mergeResults } = await import('../../src/experiments/runner/merge.js');
    const dir = mkdtempSync(join(tmpdir(), 'overparam-repro-'));
    const lines = (f: string) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { params: { claim: string; seed: number } });
    try {
      const base = { seeds: '3', quiet: true, claim: quick };
      await reproduceCommand({ ...base, workers: '1', out: join(dir, 'all') });
      await reproduceCommand({ ...base, workers: '2', out: join(dir, 's0'), shard: '0/2' });
      await reproduceCommand({ ...base, workers: '2', out: join(dir, 's1'), shard: '1/2' });
      const all = lines(join(dir, 'all', 'results.jsonl'));
      assert.equal(all.length, 12);
      assert.equal(new Set(all.map((l) => `${l.params.claim} ${l.params.seed}`)).size, 12);
      const [s0, s1] = [lines(join(dir, 's0', 'results.jsonl')), lines(join(dir, 's1', 'results.jsonl'))];
      // 12 (claim, seed) units dealt by expected cost: each in exactly one shard.
      assert.equal(new Set([...s0, ...s1].map((l) => `${l.params.claim} ${l.params.seed}`)).size, 12);
      assert.ok(s0.length > 0 && s1.length > 0);
      mergeResults([join(dir, 's0', 'results.jsonl'), join(dir, 's1', 'results.jsonl')], { out: join(dir, 'merged.jsonl') });
      // A (claim, seed) run twice measures the same: its two lines merge as duplicates (their times differ).
      const twice = mergeResults([join(dir, 'all', 'results.jsonl'), join(dir, 's0', 'results.jsonl')]);
      assert.deepEqual([twice.records.length, twice.duplicates], [12, s0.length]);
      const whole = readSavedResults(join(dir, 'all', 'results.json'));
      assert.equal(whole.format, 'overparam-results/2');
      assert.deepEqual(whole.meta.seeds, [0, 1, 2]);
      assert.equal(whole.results.length, 4);
      for (const r of whole.results) assert.deepEqual(r.seeds.map((s) => s.seed), [0, 1, 2]);
      const merged = readSavedResults(join(dir, 'merged.jsonl'));
      assert.deepEqual(merged.meta.seeds, [0, 1, 2]);
      assert.deepEqual(shown(merged.results), shown(whole.results));
      // Resume: two claims at seeds 0 and 1, then all four at seeds 0…2: only the 8 missing pairs run.
      await reproduceCommand({ ...base, workers: '1', out: join(dir, 'r'), seeds: '0,1', claim: 'chen2018.width-and-depth,allenzhu2019.prop-g3-identity' });
      assert.equal(lines(join(dir, 'r', 'results.jsonl')).length, 4);
      await reproduceCommand({ ...base, workers: '2', out: join(dir, 'r'), resume: true });
      assert.equal(lines(join(dir, 'r', 'results.jsonl')).length, 12);
      assert.deepEqual(shown(readSavedResults(join(dir, 'r', 'results.json')).results), shown(whole.results));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the run at seed s is the one-seed run with seed s (the seed folded with the claim id), whatever the workers', async () => {
    const claims = selectClaims({ claims: ['du2019.fc-lambda0-collapse', 'liu2020.parameterization-identity'] });
    const runs = await runClaimSeeds(claimUnits(claims, [3, 7]), { scale: 'quick', workers: 2 });
    assert.deepEqual(runs.map((r) => [r.result.id, r.seed]), [[claims[0].id, 3], [claims[0].id, 7], [claims[1].id, 3], [claims[1].id, 7]]);
    assert.notEqual(runs[0].result.value, runs[1].result.value, 'seeds 3 and 7 draw different data');
    const alone = await runClaimSeeds(claimUnits(claims, [7]), { scale: 'quick', workers: 1 });
    for (const a of alone) {
      const r = runs.find((x) => x.seed === 7 && x.result.id === a.result.id)!;
      assert.deepEqual({ ...r.result, seconds: 0 }, { ...a.result, seconds: 0 });
    }
  });

  it('a stop signal ends the run before its next (claim, seed): the finished ones are returned, on a worker thread and in this one', async () => {
    const claims = selectClaims({ claims: ['liu2020.parameterization-identity', 'allenzhu2019.prop-g3-identity'] });
    for (const inThisThread of [false, true]) {
      const stop = new AbortController();
      const runs = await runClaimSeeds(claimUnits(claims, [0, 1, 2]), { scale: 'quick', workers: 1, inThisThread, signal: stop.signal, onDone: () => stop.abort() });
      assert.equal(runs.length, 1, `inThisThread ${inThisThread}`);
    }
  });
});
