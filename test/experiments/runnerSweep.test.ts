import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { canonicalJson } from '../../src/experiments/runner/json.js';
import { mergeResults } from '../../src/experiments/runner/merge.js';
import { expandPoints } from '../../src/experiments/runner/points.js';
import { readResultsFile, type PointRecord } from '../../src/experiments/runner/records.js';
import { parseExperimentSpec, type ExperimentSpec } from '../../src/experiments/runner/spec.js';
import { runSweep } from '../../src/experiments/runner/sweep.js';

const KINDS = new URL('./runnerKinds.js', import.meta.url).href;
const modules = [KINDS];

const toy: ExperimentSpec = { name: 'toy', kind: 'test.toy', base: { label: 'a' }, sweep: { x: [1, 2, 3, 4], label: ['a', 'b'] }, seeds: 2 };
const TOTAL = 16;

let dir: string;
let n = 0;
const file = (name: string): string => join(dir, `${n++}-${name}`);

/** id → the deterministic part of a record (not seconds or shard). */
function outcomes(records: readonly PointRecord[]): Map<string, string> {
  return new Map(records.map((r) => [r.id, canonicalJson({ kind: r.kind, params: r.params, result: r.result, error: r.error })]));
}

function fileOutcomes(path: string): Map<string, string> {
  return outcomes(readResultsFile(path).entries.map((e) => e.record));
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
}

/** Runs with RUNNER_TEST_LOG set and returns the ids that test.toy executed. */
async function logged<T>(run: () => Promise<T>): Promise<{ value: T; executed: string[] }> {
  const log = file('exec.log');
  writeFileSync(log, '');
  process.env['RUNNER_TEST_LOG'] = log;
  try {
    const value = await run();
    return { value, executed: lines(log) };
  } finally {
    delete process.env['RUNNER_TEST_LOG'];
  }
}

describe('runSweep', () => {
  let full: Map<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-runner-'));
    const out = file('full.jsonl');
    const s = await runSweep(toy, { out, workers: 1, modules });
    assert.equal(s.records.length, TOTAL);
    full = outcomes(s.records);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('records every point once, with the rng of the point, in point order', () => {
    const ids = expandPoints(parseExperimentSpec(toy)).map((p) => p.id);
    assert.deepEqual([...full.keys()], ids);
    const results = [...full.values()].map((v) => JSON.parse(v) as { result: { y: number; shared: number; seed: number; label: string } });
    assert.equal(new Set(results.map((r) => r.result.y)).size, TOTAL, 'every point draws its own numbers');
    // seedRng is shared by the points with the same seed.
    assert.equal(new Set(results.map((r) => r.result.shared)).size, 2);
    assert.ok(results.every((r) => r.result.y > 0));
  });

  it('workers = 2 gives the same records as workers = 1, each point run once', async () => {
    const out = file('w2.jsonl');
    const { value: s, executed } = await logged(() => runSweep(toy, { out, workers: 2, modules }));
    assert.equal(s.workers, 2);
    assert.equal(executed.length, TOTAL);
    assert.deepEqual(outcomes(s.records), full);
    assert.deepEqual(fileOutcomes(out), full);
    assert.equal(lines(out).length, TOTAL);
    const line = JSON.parse(lines(out)[0]) as Record<string, unknown>;
    assert.deepEqual(Object.keys(line), ['id', 'kind', 'params', 'result', 'seconds', 'shard']);
  });

  it('resumes after a crash: a cut last line is repaired and only the missing points run', async () => {
    const out = file('resume.jsonl');
    await runSweep(toy, { out, workers: 2, modules });
    const all = lines(out);
    const kept = all.slice(0, 5);
    // Keep 5 whole lines and half of the 6th, as a crash while writing it would.
    writeFileSync(out, `${kept.join('\n')}\n${all[5].slice(0, Math.floor(all[5].length / 2))}`);
    const keptIds = new Set(kept.map((l) => (JSON.parse(l) as { id: string }).id));
    const { value: s, executed } = await logged(() => runSweep(toy, { out, workers: 2, modules }));
    assert.equal(s.resumed, 5);
    assert.equal(s.ran, TOTAL - 5);
    assert.deepEqual(s.repaired, { line: 6 });
    assert.equal(executed.length, TOTAL - 5);
    assert.ok(executed.every((id) => !keptIds.has(id)));
    assert.equal(lines(out).length, TOTAL, 'one line per point after the resume');
    assert.deepEqual(lines(out).slice(0, 5), kept, 'finished lines are kept as they were');
    assert.deepEqual(fileOutcomes(out), full);
    assert.deepEqual(outcomes(s.records), full);
    // A rerun of a complete file runs nothing.
    const again = await logged(() => runSweep(toy, { out, workers: 2, modules }));
    assert.equal(again.value.ran, 0);
    assert.equal(again.executed.length, 0);
  });

  it('shards 0/3, 1/3, 2/3 merged equal a single full run', async () => {
    const outs = [0, 1, 2].map((i) => file(`shard${i}.jsonl`));
    const sizes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await runSweep(toy, { out: outs[i], workers: i === 1 ? 1 : 2, shard: { index: i, count: 3 }, modules });
      sizes.push(s.records.length);
      assert.ok(s.records.every((r) => r.shard.index === i && r.shard.count === 3));
    }
    assert.deepEqual(sizes, [6, 5, 5]);
    const merged = file('merged.jsonl');
    const m = mergeResults(outs, { spec: toy, out: merged });
    assert.equal(m.missing.length, 0);
    assert.equal(m.duplicates, 0);
    assert.deepEqual(outcomes(m.records), full);
    assert.deepEqual(fileOutcomes(merged), full);
    // Without one shard, the merge lists exactly its points as missing.
    const partial = mergeResults([outs[0], outs[2]], { spec: toy });
    assert.deepEqual(partial.missing.map((p) => p.index), [1, 4, 7, 10, 13]);
  });

  it('merge: identical duplicates are fine, conflicting ones are an error naming the id and files', async () => {
    const a = file('a.jsonl');
    await runSweep(toy, { out: a, workers: 1, shard: { index: 0, count: 4 }, modules });
    const b = file('b.jsonl');
    writeFileSync(b, readFileSync(a, 'utf8'));
    const ok = mergeResults([a, b]);
    assert.equal(ok.records.length, 4);
    assert.equal(ok.duplicates, 4);
    const c = file('c.jsonl');
    const rec = JSON.parse(lines(a)[1]) as PointRecord;
    writeFileSync(c, `${JSON.stringify({ ...rec, result: { ...rec.result, y: 0 } })}\n`);
    assert.throws(
      () => mergeResults([a, c]),
      (e: unknown) => e instanceof ConfigError && e.message.includes(rec.id) && e.message.includes(`${a}:2`) && e.message.includes(`${c}:1`) && /conflicting results/.test(e.message),
    );
  });

  it('a point that throws is recorded with its error and the sweep goes on; retryErrors reruns it', async () => {
    const spec: ExperimentSpec = { name: 'errs', kind: 'test.toy', sweep: { x: [1, -1, 2] } };
    const out = file('errors.jsonl');
    const seen: string[] = [];
    const s = await runSweep(spec, { out, workers: 2, modules, onProgress: (p) => p.record.error && seen.push(p.record.error) });
    assert.equal(s.records.length, 3);
    assert.equal(s.errors.length, 1);
    assert.equal(s.errors[0].params['x'], -1);
    assert.equal(s.errors[0].error, 'Error: toy failure at x=-1');
    assert.deepEqual(seen, ['Error: toy failure at x=-1']);
    assert.equal(s.records.filter((r) => r.result !== undefined).length, 2);
    assert.equal((await runSweep(spec, { out, workers: 1, modules })).ran, 0, 'failed points are not rerun by default');
    process.env['RUNNER_TEST_HEAL'] = '1';
    try {
      const r = await runSweep(spec, { out, workers: 2, modules, retryErrors: true });
      assert.equal(r.ran, 1);
      assert.equal(r.errors.length, 0);
    } finally {
      delete process.env['RUNNER_TEST_HEAL'];
    }
    assert.equal(lines(out).length, 3);
    assert.ok(readResultsFile(out).entries.every((e) => e.record.error === undefined));
  });

  it('a worker thread that dies fails its point only; a NaN result is an error naming the field', async () => {
    const out = file('exit.jsonl');
    const s = await runSweep({ name: 'exit', kind: 'test.exit', sweep: { x: [1, 2, 3, 4, 5] } }, { out, workers: 2, modules });
    assert.equal(s.records.length, 5);
    assert.equal(s.errors.length, 1);
    assert.match(s.errors[0].error ?? '', /worker thread running this point died: it exited with code 3/);
    const nan = await runSweep({ name: 'nan', kind: 'test.nan' }, { out: file('nan.jsonl'), workers: 1, modules });
    assert.match(nan.errors[0].error ?? '', /result\.loss is NaN/);
  });

  it('stopping: running points finish and are kept (or are abandoned if they honour the signal); a rerun completes', async () => {
    const spec: ExperimentSpec = { name: 'slow', kind: 'test.slow', base: { ms: 40 }, sweep: { x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] } };
    const out = file('slow.jsonl');
    const controller = new AbortController();
    const s = await runSweep(spec, { out, workers: 2, modules, signal: controller.signal, onProgress: (p) => p.ran === 1 && controller.abort() });
    assert.ok(s.interrupted);
    // The point that finished first, plus those running beside it (none if the other worker was still starting).
    assert.ok(s.records.length >= 1 && s.records.length <= 3, `${s.records.length} records`);
    assert.equal(s.missing.length + s.records.length, 10);
    assert.equal(lines(out).length, s.records.length);
    const rest = await runSweep(spec, { out, workers: 2, modules });
    assert.equal(rest.ran, s.missing.length);
    assert.equal(rest.records.length, 10);
    assert.ok(!rest.interrupted);

    const ab = file('abortable.jsonl');
    const c2 = new AbortController();
    const t = await runSweep({ name: 'ab', kind: 'test.abortable', sweep: { quick: [true, false] } }, {
      out: ab, workers: 2, modules, signal: c2.signal, onProgress: () => c2.abort(),
    });
    assert.equal(t.records.length, 1);
    assert.equal(t.missing.length, 1);
    assert.equal(lines(ab).length, 1, 'the abandoned point is not recorded');
  });

  it('errors: unknown kinds list the registered ones; a malformed line names the file and line', async () => {
    await assert.rejects(
      runSweep({ name: 'u', kind: 'test.nope' }, { out: file('u.jsonl'), workers: 1, modules }),
      (e: unknown) => e instanceof ConfigError && /unknown point kind "test\.nope"; registered kinds: .*test\.toy/.test(e.message),
    );
    await assert.rejects(
      runSweep(toy, { out: file('m.jsonl'), modules: [join(dir, 'missing-module.js')] }),
      (e: unknown) => e instanceof ConfigError && /missing-module\.js does not exist/.test(e.message),
    );
    const bad = file('bad.jsonl');
    const good = file('good.jsonl');
    await runSweep(toy, { out: good, workers: 1, shard: { index: 0, count: 8 }, modules });
    writeFileSync(bad, `${lines(good)[0]}\n{"id": oops}\n${lines(good)[1]}\n`);
    await assert.rejects(runSweep(toy, { out: bad, workers: 1, modules }), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${bad}:2: malformed JSON line`));
    assert.throws(() => mergeResults([bad]), new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: malformed`));
    const edited = file('edited.jsonl');
    const rec = JSON.parse(lines(good)[0]) as PointRecord;
    writeFileSync(edited, `${JSON.stringify({ ...rec, params: { ...rec.params, x: 99 } })}\n`);
    assert.throws(() => mergeResults([edited]), /:1: "id" [0-9a-f]{16} does not match its kind and params/);
  });
});
