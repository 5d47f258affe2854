/**
 * `overparam train` under faults: a run killed (SIGKILL) mid-way and resumed ends bit for bit where an
 * uninterrupted run does — parameters and metrics (all but the wall-clock `seconds`), each step once —
 * for GD with periodic checkpoints and for SGD killed before its first periodic checkpoint (resumed
 * from the step-0 checkpoint written at the start); a torn last metrics line is cut; summary.json's
 * initial loss is step 0's after a resume; a diverging run stops at the last finite step with its
 * parameters, summary and metrics in agreement. Cost on 2 cores: ≈ 15 s (process starts, two kills).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSafetensors } from '../../src/io/safetensors.js';
import { cli, MAIN } from '../cli/malformed.js';

const MODEL = '{"preset":"du2019-fc","inputDim":8,"width":256,"depth":2}';

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/** The records without their wall-clock time, as text (exact float digits). */
function records(dir: string): string[] {
  return lines(join(dir, 'metrics.jsonl')).map((l) => {
    const r = JSON.parse(l) as Record<string, unknown>;
    delete r['seconds'];
    return JSON.stringify(r);
  });
}

function tensors(dir: string): Record<string, number[]> {
  const { tensors: t } = loadSafetensors(join(dir, 'params.safetensors'));
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Array.from(v.data as Float64Array)]));
}

function checkpointStep(dir: string): number {
  return Number(loadSafetensors(join(dir, 'params.safetensors')).metadata['step']);
}

function summary(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
}

/** Starts a long run and kills it with SIGKILL once metrics.jsonl has `minLines` lines. */
async function killMidway(args: string[], dir: string, minLines: number): Promise<void> {
  const child = spawn(process.execPath, [MAIN, 'train', ...args, '-o', dir, '-q'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const metrics = join(dir, 'metrics.jsonl');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (existsSync(metrics) && lines(metrics).length >= minLines) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  assert.equal(child.signalCode, 'SIGKILL', 'the run finished before it could be killed; make it longer');
}

describe('overparam train: kill, resume, overflow', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-train-resume-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases = [
    { name: 'GD, checkpoints every 100 steps', opts: ['--checkpoint-every', '100'] },
    { name: 'SGD with epoch shuffling, killed before its first periodic checkpoint', opts: ['--optimizer', 'sgd', '-b', '8', '--sampling', 'epoch', '--checkpoint-every', '10000000'] },
  ];
  for (const c of cases) {
    it(`a SIGKILLed run resumed equals an uninterrupted one bit for bit (${c.name})`, async () => {
      const base = ['-m', MODEL, '--synthetic', 'sphere', '-n', '40', '--lr', '0.05', '-e', '50', '-p', 'distance', ...c.opts];
      const killed = join(dir, `killed-${cases.indexOf(c)}`);
      await killMidway([...base, '--steps', '1000000'], killed, 6);
      const at = checkpointStep(killed);
      assert.equal(summary(killed)['steps'] as number <= at, true, 'the summary never runs ahead of the parameters');
      // What a kill in the middle of a write leaves: a cut-short last line.
      appendFileSync(join(killed, 'metrics.jsonl'), '{"step":99999,"loss":1.2');
      const steps = String(at + 130);
      const resumed = cli(['train', ...base, '--steps', steps, '-o', killed, '--resume', '-q']);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.match(resumed.stderr, /dropped a cut-short last line/);
      const full = join(dir, `full-${cases.indexOf(c)}`);
      const r = cli(['train', ...base, '--steps', steps, '-o', full, '-q']);
      assert.equal(r.status, 0, r.stderr);

      assert.deepEqual(tensors(killed), tensors(full), 'final parameters');
      const got = records(killed);
      assert.deepEqual(got, records(full), 'metrics (without seconds)');
      const stepsSeen = got.map((l) => (JSON.parse(l) as { step: number }).step);
      assert.equal(new Set(stepsSeen).size, stepsSeen.length, 'each step once');
      const sk = summary(killed);
      const sf = summary(full);
      assert.equal(sk['initialLoss'], sf['initialLoss'], 'initialLoss is the loss at step 0, not at the resumed step');
      assert.equal(sk['finalLoss'], sf['finalLoss']);
      assert.equal(sk['steps'], Number(steps));
      assert.equal(sk['resumedFrom'], at);
      const printed = /loss (\S+) →/.exec(resumed.stdout)?.[1];
      assert.equal(printed, (sf['initialLoss'] as number).toExponential(4));
    });
  }

  it('a diverging run stops at the last finite step: exit 1 naming the step and what overflowed, files in agreement', () => {
    const out = join(dir, 'diverged');
    const r = cli(['train', '-m', '{"preset":"du2019-fc","inputDim":3,"width":16,"depth":1}', '--synthetic', 'sphere', '--lr', '1e10', '--steps', '50', '-e', '1', '-p', 'distance', '-o', out, '-q']);
    assert.equal(r.status, 1, r.stderr);
    const message = r.stderr.split('\n').filter((l) => l.startsWith('overparam: '));
    assert.equal(message.length, 1, r.stderr);
    assert.match(message[0], /at step (\d+) .*(loss|parameters|distance)\S* became .*stopped at step (\d+)/);
    const [, bad, kept] = /at step (\d+) .*stopped at step (\d+)/.exec(message[0])!;
    assert.equal(Number(kept), Number(bad) - 1);
    const recs = lines(join(out, 'metrics.jsonl')).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(recs.every((x) => typeof x['loss'] === 'number' && Number.isFinite(x['loss'])), 'no record holds a non-finite loss');
    assert.equal(recs[recs.length - 1]['step'], Number(kept));
    const s = summary(out);
    assert.equal(s['steps'], Number(kept));
    assert.equal(s['stop'], 'nonfinite');
    assert.equal(checkpointStep(out), Number(kept));
    const p = tensors(out);
    assert.ok(Object.values(p).every((v) => v.every(Number.isFinite)), 'the parameters kept are finite');
  });

  it('diversity train exits 1 on a non-finite loss, with its summary written', () => {
    const out = join(dir, 'div');
    const r = cli(['diversity', 'train', '-K', '4,6', '-n', '16', '-b', '4', '--steps', '20', '-e', '10', '--lr', '1e10', '-o', out, '-q']);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /overparam: .*loss became (Infinity|NaN)/);
    assert.ok(existsSync(join(out, 'summary.json')));
  });
});
