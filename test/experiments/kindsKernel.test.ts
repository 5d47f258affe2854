/**
 * The built-in point kind `kernel`: equal, bit for bit, to `overparam kernel --synthetic sphere` for the
 * same model, n and seed; the NNGP diagonal of du2019's normalized net; the example spec and the spec
 * doc example run with no --module; bad parameters exit 2 up front naming the point and the field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { kernelPoint } from '../../src/experiments/kinds/kernel.js';
import type { JsonObject } from '../../src/experiments/runner/json.js';
import { cli, malformedCase } from '../cli/malformed.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KINDS = fileURLToPath(new URL('./runnerKinds.js', import.meta.url));
const MODEL = { preset: 'du2019-fc', inputDim: 5, width: 64, depth: 2 };

let dir = '';
const at = (...p: string[]): string => join(dir, ...p);

interface Summary { trace: number; lambdaMin: number; lambdaMax: number; condition: number | null; perLayerTraces?: Record<string, number> }

function cliKernel(args: string[]): Summary {
  const r = cli(['kernel', '-m', JSON.stringify(MODEL), '--synthetic', 'sphere', '-o', at(`k${Math.random()}`), '--json', '-q', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Summary;
}

function records(file: string): { id: string; params: JsonObject; result?: Record<string, unknown>; error?: string }[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: string; params: JsonObject; result?: Record<string, unknown> });
}

function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (typeof v === 'object' && v !== null) return Object.values(v).every(allFinite);
  return true;
}

describe('point kind kernel', () => {
  before(() => (dir = mkdtempSync(join(tmpdir(), 'overparam-kinds-kernel-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [kind, extra] of [['empirical', { perLayer: true }], ['analytic', { perLayer: true }], ['nngp', {}], ['mc', { samples: 3 }]] as const) {
    it(`${kind}: equals overparam kernel bit for bit (same model, n, seed, width override)`, () => {
      const flags = ['--kind', kind, '-n', '7', '--seed', '3', '--width', '24',
        ...('perLayer' in extra ? ['--per-layer'] : []), ...('samples' in extra ? ['--samples', String(extra.samples)] : [])];
      const want = cliKernel(flags);
      const got = kernelPoint({ model: MODEL, width: 24, n: 7, kind, ...extra }, { seed: 3 });
      assert.equal(got['trace'], want.trace);
      assert.equal(got['lambdaMin'], want.lambdaMin);
      assert.equal(got['lambdaMax'], want.lambdaMax);
      assert.equal(got['condition'], want.condition);
      assert.deepEqual(got['perLayerTraces'], want.perLayerTraces);
      // Another seed draws other data and weights.
      if (kind !== 'analytic' && kind !== 'nngp') assert.notEqual(kernelPoint({ model: MODEL, width: 24, n: 7, kind, ...extra }, { seed: 4 })['trace'], want.trace);
    });
  }

  it('nngp of du2019-fc on unit-norm inputs has diagonal 1 (c_σ normalization), so its trace is n', () => {
    for (const depth of [1, 3]) {
      const r = kernelPoint({ model: { ...MODEL, depth }, n: 9, kind: 'nngp' }, { seed: 0 });
      assert.ok(Math.abs((r['trace'] as number) - 9) < 1e-12, `depth ${depth}: trace ${String(r['trace'])}`);
    }
  });

  it('the example spec runs from the repo root with no --module: one record per point, finite numbers, equal to the kind', () => {
    const out = at('example.jsonl');
    const r = cli(['sweep', 'examples/sweeps/kernel-width.json', '-o', out, '-w', '1', '-q'], { cwd: ROOT, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const spec = JSON.parse(readFileSync(join(ROOT, 'examples/sweeps/kernel-width.json'), 'utf8')) as { sweep: Record<string, unknown[]>; seeds: number };
    const recs = records(out);
    const points = Object.values(spec.sweep).reduce((a, v) => a * v.length, 1) * spec.seeds;
    assert.equal(recs.length, points);
    assert.equal(new Set(recs.map((x) => x.id)).size, points);
    for (const x of recs) {
      assert.equal(x.error, undefined);
      assert.ok(x.result !== undefined && typeof x.result['lambdaMin'] === 'number' && allFinite(x.result), JSON.stringify(x));
    }
    const last = recs[recs.length - 1];
    assert.deepEqual(last.result, kernelPoint(last.params, { seed: last.params['seed'] as number }));
  });

  it('the doc example of runner/spec.ts runs as written', () => {
    const text = readFileSync(join(ROOT, 'src/experiments/runner/spec.ts'), 'utf8');
    const m = /```json\n([\s\S]*?)```/.exec(text);
    assert.ok(m, 'no json example in spec.ts');
    const spec = m[1].split('\n').map((l) => l.replace(/^ \* ?/, '')).join('\n');
    const out = at('doc.jsonl');
    const r = cli(['sweep', spec, '-o', out, '-w', '2', '-q'], { timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const recs = records(out);
    assert.equal(recs.length, 24);
    assert.ok(recs.every((x) => x.result !== undefined && allFinite(x.result)));
  });

  it('--kinds lists the built-in kinds with their parameters, and the kinds of --module', () => {
    const r = cli(['sweep', '--kinds', '--module', KINDS]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^kernel: /m);
    assert.match(r.stdout, /^ {2}samples +integer ≥ 2, default 100: /m);
    assert.match(r.stdout, /^ {2}returns: .*lambdaMin/m);
    assert.match(r.stdout, /^test\.toy \(from a module\)/m);
  });

  it('an unknown kind lists the built-in ones', () => {
    const r = cli(['sweep', '{"name": "a", "kind": "kernl"}', '-o', at('u.jsonl')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown point kind "kernl"; registered kinds: .*kernel/);
  });

  const spec = (base: Record<string, unknown>, sweep: Record<string, unknown[]> = {}): string => JSON.stringify({ name: 'bad', kind: 'kernel', base: { model: MODEL, ...base }, sweep });
  const bad = (name: string, base: Record<string, unknown>, names: RegExp, sweep?: Record<string, unknown[]>): void =>
    malformedCase({ name, kind: 'kernel parameters', args: () => ['sweep', spec(base, sweep), '-o', at('bad.jsonl'), '-w', '1'], names });
  bad('n: 0 on the second point', {}, /point 1 \([0-9a-f]+\) of kind "kernel": params\.n must be an integer ≥ 1; got 0/, { n: [4, 0] });
  bad('kind: "ntk"', { kind: 'ntk' }, /params\.kind must be one of "empirical", "analytic", "nngp", "mc"; got "ntk"/);
  bad('a typo "widht"', { widht: 8 }, /params\.widht is not a known field/);
  bad('samples with kind empirical', { samples: 5 }, /params\.samples is for kind "mc" only/);
  bad('samples: 1', { kind: 'mc', samples: 1 }, /params\.samples must be an integer ≥ 2; got 1/);
  bad('width: 0', { width: 0 }, /params\.width must be an integer ≥ 1; got 0/);
  bad('width on a spec without one', { model: { preset: 'chen2018-linear', widths: [3, 2, 1] }, width: 4 }, /params\.width needs a model spec with a "width" field \(params\.model has none\)/);
  bad('a model with an unknown preset', { model: { preset: 'nope' } }, /params\.model\.preset must be one of/);
  bad('no model', { model: undefined }, /params\.model is required/);
  bad('perLayer with nngp', { kind: 'nngp', perLayer: true }, /params\.perLayer is for kinds "empirical" and "analytic"/);
  malformedCase({ name: 'no spec', kind: 'sweep usage', args: ['sweep', '-o', '/tmp/x.jsonl'], names: /sweep needs an experiment spec/ });
  malformedCase({ name: 'no --out', kind: 'sweep usage', args: ['sweep', '{"name": "a", "kind": "kernel"}'], names: /sweep needs --out/ });
});
