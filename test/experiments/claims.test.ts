import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { ALL_CLAIMS, selectClaims } from '../../src/experiments/claims/index.js';
import { experimentText, PAPERS } from '../../src/experiments/claims/claim.js';
import { claimGroups, runClaims } from '../../src/experiments/reproduce.js';
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
  it('work units: claims sharing an experiment run together (shared groups first), every other claim alone', () => {
    const groups = claimGroups(ALL_CLAIMS);
    assert.deepEqual(groups.flat().map((c) => c.id).sort(), ALL_CLAIMS.map((c) => c.id).sort());
    const shared = groups.filter((g) => g.length > 1);
    assert.deepEqual(shared.map((g) => g.map((c) => c.id)), [
      ['zou2018.gd-zero-training-error', 'zou2018.weights-stay-close', 'zou2018.activation-flips', 'zou2018.gradient-bounds'],
      ['allenzhu2019.linear-convergence', 'allenzhu2019.gradient-lower-bound', 'allenzhu2019.weights-stay-close'],
      ['du2019.gram-stability', 'du2019.weight-movement'],
      ['du2019.linear-rate-bound', 'du2019.gd-reaches-zero-loss'],
    ]);
    assert.deepEqual(groups.slice(0, shared.length), shared);
    for (const g of groups.slice(shared.length)) assert.equal(g[0].shares, undefined);
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
    const html = await renderReport(results, { generated: 'test', scale: 'quick', seed: 0 });
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
  it('two shards merged give the same verdicts and figures as one run; --resume runs only what is missing', async () => {
    const { mkdtempSync, rmSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { reproduceCommand, readSavedResults } = await import('../../src/cli/commands/reproduce.js');
    const { mergeResults } = await import('../../src/experiments/runner/merge.js');
    const dir = mkdtempSync(join(tmpdir(), 'overparam-repro-'));
    try {
      const base = { seed: '0', quiet: true, workers: '1', claim: quick };
      await reproduceCommand({ ...base, out: join(dir, 'all') });
      await reproduceCommand({ ...base, out: join(dir, 's0'), shard: '0/2' });
      await reproduceCommand({ ...base, out: join(dir, 's1'), shard: '1/2' });
      await mergeResults([join(dir, 's0', 'results.jsonl'), join(dir, 's1', 'results.jsonl')], { out: join(dir, 'merged.jsonl') });
      const whole = readSavedResults(join(dir, 'all', 'results.json')).results;
      const merged = readSavedResults(join(dir, 'merged.jsonl')).results;
      const key = (rs: typeof whole) => rs.map((r) => `${r.id} ${r.verdict} ${r.value}`).sort();
      assert.deepEqual(key(merged), key(whole));
      assert.equal(whole.length, 4);
      // Resume: keep two, then ask for all four: only two new lines are written.
      await reproduceCommand({ ...base, out: join(dir, 'r'), claim: 'chen2018.width-and-depth,allenzhu2019.prop-g3-identity' });
      await reproduceCommand({ ...base, out: join(dir, 'r'), resume: true });
      const lines = readFileSync(join(dir, 'r', 'results.jsonl'), 'utf8').trim().split('\n');
      assert.equal(lines.length, 4);
      assert.deepEqual(key(readSavedResults(join(dir, 'r', 'results.json')).results), key(whole));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
