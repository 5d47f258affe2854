/**
 * The built-in point kind `train`: its records equal `overparam train`'s metrics.jsonl bit for bit (GD at
 * c/λ_max(G(0)) with probes; SGD at c/m with probe options, given on the command line as `-p kernel:maxExamples=4`);
 * a diverged run ends at its last finite step, named, with nothing non-finite; the example spec's base runs with no
 * --module; bad parameters exit 2 up front naming the field; the CLI's probe options are checked the same way.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { trainPoint } from '../../src/experiments/kinds/train.js';
import { parseProbeList } from '../../src/cli/probeList.js';
import { cli, malformedCase } from '../cli/malformed.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODEL = { preset: 'du2019-fc', inputDim: 5, width: 64, depth: 2 };

let dir = '';
const at = (...p: string[]): string => join(dir, ...p);

/** The CLI's metrics.jsonl without the wall-clock field. */
function cliRecords(args: string[]): Record<string, unknown>[] {
  const out = at(`t${Math.random()}`);
  const r = cli(['train', ...args, '-o', out, '-q'], { timeoutMs: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(join(out, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => {
    const { seconds: _s, ...rest } = JSON.parse(l) as Record<string, unknown>;
    return rest;
  });
}

function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (typeof v === 'object' && v !== null) return Object.values(v).every(allFinite);
  return true;
}

describe('point kind train', () => {
  before(() => (dir = mkdtempSync(join(tmpdir(), 'overparam-kinds-train-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('GD at c/λ_max(G(0)) with probes: the records equal overparam train bit for bit (same model, data, seed)', () => {
    const want = cliRecords(['-m', JSON.stringify(MODEL), '--synthetic', 'sphere', '-n', '7', '--lr-c', '0.5', '--lr-per', 'lambdaMax', '--steps', '20', '-e', '5', '-p', 'distance,kernel', '-s', '3']);
    const got = trainPoint({ model: MODEL, n: 7, lrC: 0.5, lrPer: 'lambdaMax', steps: 20, every: 5, probes: ['distance', 'kernel'], trajectory: true }, { seed: 3 });
    assert.deepEqual(got['records'], want);
    assert.equal(got['initialLoss'], want[0]['loss']);
    assert.equal(got['finalLoss'], want[want.length - 1]['loss']);
    assert.equal(got['stop'], 'steps');
    assert.equal((got['final'] as Record<string, unknown>)['kernel.driftFrobenius'], want[want.length - 1]['kernel.driftFrobenius']);
    // The width override trains another network; another seed draws other data and weights.
    assert.notEqual(trainPoint({ model: MODEL, width: 24, n: 7, lrC: 0.5, lrPer: 'lambdaMax', steps: 20, every: 5 }, { seed: 3 })['finalLoss'], got['finalLoss']);
    assert.notEqual(trainPoint({ model: MODEL, n: 7, lrC: 0.5, lrPer: 'lambdaMax', steps: 20, every: 5 }, { seed: 4 })['initialLoss'], got['initialLoss']);
  });

  it('SGD at c/m on zou2018 data with a probe option: equal to `overparam train -p kernel:maxExamples=4:subsample=true`', () => {
    const model = { preset: 'zou2018', inputDim: 10, width: 32, depth: 2 };
    const want = cliRecords(['-m', JSON.stringify(model), '--synthetic', 'zou2018', '-n', '12', '--phi', '0.3', '--optimizer', 'sgd', '-b', '4', '--lr-c', '1', '--lr-per', 'width', '--steps', '12', '-e', '4', '-p', 'kernel:maxExamples=4:subsample=true,flips', '-s', '2']);
    const got = trainPoint({ model, data: 'zou2018', n: 12, phi: 0.3, optimizer: 'sgd', batch: 4, lrC: 1, lrPer: 'width', steps: 12, every: 4, probes: { kernel: { maxExamples: 4, subsample: true }, flips: {} }, trajectory: true }, { seed: 2 });
    assert.deepEqual(got['records'], want);
    assert.equal((got['final'] as Record<string, unknown>)['kernel.examples'], 4);
    assert.equal((got['loss'] as { name: string }).name, 'logistic');
  });

  it('a diverging run stops at its last finite step, says so, and records nothing non-finite', () => {
    const got = trainPoint({ model: { ...MODEL, width: 16, depth: 1, activation: 'identity' }, n: 8, lr: 5, steps: 200, every: 1, probes: ['distance'], trajectory: true }, { seed: 0 });
    assert.equal(got['stop'], 'nonfinite');
    assert.match(String(got['message']), /became (Infinity|NaN)/);
    assert.ok((got['steps'] as number) < 200);
    assert.equal(got['finalStep'], got['steps']);
    assert.ok(allFinite(got), JSON.stringify(got).slice(0, 400));
  });

  it('the example spec (examples/sweeps/kernel-drift-width.json) runs with no --module, its base at two small widths', () => {
    const spec = JSON.parse(readFileSync(join(ROOT, 'examples/sweeps/kernel-drift-width.json'), 'utf8')) as Record<string, unknown>;
    const small = { ...spec, sweep: { width: [16, 32] }, seeds: 1, base: { ...(spec['base'] as object), steps: 20, every: 10 } };
    const file = at('small.json');
    writeFileSync(file, JSON.stringify(small));
    const out = at('small.jsonl');
    const r = cli(['sweep', file, '-o', out, '-w', '1', '-q'], { cwd: ROOT, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const recs = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { params: Record<string, unknown>; result?: Record<string, unknown> });
    assert.equal(recs.length, 2);
    for (const x of recs) {
      assert.ok(x.result !== undefined && allFinite(x.result));
      assert.ok((x.result['finalLoss'] as number) < (x.result['initialLoss'] as number));
      assert.equal(typeof (x.result['final'] as Record<string, unknown>)['kernel.driftFrobenius'], 'number');
    }
    // The full example expands to width × seed.
    const v = cli(['sweep', 'examples/sweeps/kernel-drift-width.json', '-o', at('v.jsonl'), '--list'], { cwd: ROOT });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim().split('\n').length, 13); // a header and the 12 points
  });

  it('--kinds documents the train kind and its parameters', () => {
    const r = cli(['sweep', '--kinds']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^train: /m);
    assert.match(r.stdout, /^ {2}lrPer +width or lambdaMax/m);
    assert.match(r.stdout, /^ {2}probes +list of names, or object of name → options/m);
  });

  const spec = (base: Record<string, unknown>): string => JSON.stringify({ name: 'bad', kind: 'train', base: { model: MODEL, lr: 0.1, ...base } });
  const bad = (name: string, base: Record<string, unknown>, names: RegExp): void =>
    malformedCase({ name, kind: 'train parameters', args: () => ['sweep', spec(base), '-o', at('bad.jsonl'), '-w', '1'], names });
  bad('no learning rate', { lr: undefined }, /a learning rate is required: params\.lr/);
  bad('lr and lrC', { lrC: 1, lrPer: 'width' }, /give either params\.lr or params\.lrC with params\.lrPer, not both/);
  bad('lrPer "depth"', { lr: undefined, lrC: 1, lrPer: 'depth' }, /params\.lrPer must be one of "width", "lambdaMax"; got "depth"/);
  bad('sgd without a batch', { optimizer: 'sgd' }, /params\.optimizer "sgd" needs params\.batch/);
  bad('a batch with gd', { batch: 4 }, /params\.batch is for optimizer "sgd" only/);
  bad('an unknown probe', { probes: ['distance', 'kernal'] }, /params\.probes\[1\] must be one of distance, kernel/);
  bad('a probe named twice', { probes: ['kernel', 'kernel'] }, /params\.probes names "kernel" twice/);
  bad('a bad probe option', { probes: { kernel: { maxExamples: 0 } } }, /probe "kernel": option maxExamples must be an integer ≥ 1; got 0/);
  bad('an unknown probe option', { probes: { kernel: { maxExampels: 4 } } }, /probe "kernel": unknown option "maxExampels"/);
  bad('phi on sphere data', { phi: 0.3 }, /params\.phi is for data "zou2018" only/);
  bad('data "mnist"', { data: 'mnist' }, /params\.data must be one of "sphere", "zou2018"/);
  bad('steps: -1', { steps: -1 }, /params\.steps must be an integer ≥ 0; got -1/);
  bad('three-clusters on a one-output net', { data: 'three-clusters' }, /params\.data three-clusters needs a scalar input and three outputs/);

  const trainArgs = (probes: string): string[] => ['train', '-m', JSON.stringify(MODEL), '--synthetic', 'sphere', '-n', '4', '--lr', '0.1', '--steps', '1', '-o', at('p'), '-p', probes];
  malformedCase({ name: 'an option without a value', kind: 'train --probes', args: () => trainArgs('kernel:maxExamples'), names: /--probes: "kernel:maxExamples": each option is key=value after a colon/ });
  malformedCase({ name: 'an unknown option', kind: 'train --probes', args: () => trainArgs('distance,kernel:bogus=1'), names: /probe "kernel": unknown option "bogus"/ });
  malformedCase({ name: 'a bad value', kind: 'train --probes', args: () => trainArgs('kernel:maxExamples=two'), names: /probe "kernel": option maxExamples must be an integer ≥ 1; got "two"/ });
  malformedCase({ name: 'a probe twice', kind: 'train --probes', args: () => trainArgs('kernel,kernel'), names: /--probes: probe "kernel" requested twice/ });
});

describe('--probes on the command line', () => {
  it('names with options after colons: numbers, booleans and text', () => {
    const plain = (rs: { name: string; options: Record<string, unknown> }[]) => rs.map((r) => ({ name: r.name, options: { ...r.options } }));
    assert.deepEqual(plain(parseProbeList('distance, kernel:maxExamples=64:part=last,hessian:perExample=false')), [
      { name: 'distance', options: {} },
      { name: 'kernel', options: { maxExamples: 64, part: 'last' } },
      { name: 'hessian', options: { perExample: false } },
    ]);
    assert.deepEqual(parseProbeList(undefined), []);
    assert.deepEqual(parseProbeList(' , '), []);
  });
  it('an option named __proto__ stays a plain key (and the probe refuses it)', () => {
    const [r] = parseProbeList('kernel:__proto__=1');
    assert.ok(Object.hasOwn(r.options, '__proto__'));
    assert.equal(Object.getPrototypeOf(r.options), null);
  });
});
