/**
 * Malformed input to `overparam train` and `overparam diversity`: output folders that cannot hold the
 * results (checked before any work), a `--resume` with any setting that determines the trajectory
 * changed (named, and the run's files left as they were), damaged run folders (a checkpoint holding
 * NaN, a metrics line that is not a record), bad flag values. Each: exit 2 and one clear line.
 * Cost on 2 cores: ≈ 25 s (one process per case).
 */
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSafetensors, saveSafetensors } from '../../src/io/safetensors.js';
import { cli, malformedCase } from './malformed.js';

const MODEL = '{"preset":"du2019-fc","inputDim":3,"width":16,"depth":1}';
let dir = '';
const at = (...p: string[]): string => join(dir, ...p);

/** The arguments of the saved runs (`gd`: GD on d1.csv, lr 0.1; `sgd`: SGD with B = 2). */
const gd = (): string[] => ['train', '-m', MODEL, '-d', at('d1.csv'), '--lr', '0.1', '--steps', '40', '-e', '5', '-q', '-o', at('gd')];
const sgd = (): string[] => ['train', '-m', MODEL, '-d', at('d1.csv'), '--lr', '0.1', '--optimizer', 'sgd', '-b', '2', '--steps', '40', '-e', '5', '-q', '-o', at('sgd')];

/** `--resume` of a saved run with some options replaced or added. */
function resumeWith(run: () => string[], changes: Record<string, string | null>): () => string[] {
  return () => {
    const args = run();
    for (const [flag, value] of Object.entries(changes)) {
      const i = args.indexOf(flag);
      if (value === null) args.splice(i, 2);
      else if (i >= 0) args[i + 1] = value;
      else args.push(flag, value);
    }
    return [...args, '--resume'];
  };
}

describe('overparam train / diversity: malformed input', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-malformed-train-'));
    writeFileSync(at('d1.csv'), '0.1,0.2,0.3,1\n0.4,0.5,0.6,-1\n0.7,0.8,0.9,1\n0.2,0.1,0.4,-1\n');
    // Same size, one input changed: a different training set.
    writeFileSync(at('d2.csv'), '0.1,0.2,0.3,1\n0.4,0.5,0.6,-1\n0.7,0.8,0.95,1\n0.2,0.1,0.4,-1\n');
    writeFileSync(at('a-file'), 'not a folder\n');
    for (const run of [gd, sgd]) {
      const r = cli(run().map((a) => (a === '40' ? '20' : a)));
      assert.equal(r.status, 0, r.stderr);
    }
    // Damaged copies of the GD run: a checkpoint with a NaN, a metrics line that is not JSON.
    for (const name of ['nan', 'garbled', 'no-init']) {
      mkdirSync(at(name));
      for (const f of ['metrics.jsonl', 'params.safetensors', 'params-init.safetensors', 'summary.json']) copyFileSync(at('gd', f), at(name, f));
    }
    rmSync(at('no-init', 'params-init.safetensors'));
    appendFileSync(at('no-init', 'metrics.jsonl'), '{"step":');
    const ck = loadSafetensors(at('nan', 'params.safetensors'));
    const w = Object.keys(ck.tensors).sort()[0];
    (ck.tensors[w].data as Float64Array)[1] = NaN;
    saveSafetensors(at('nan', 'params.safetensors'), ck.tensors, ck.metadata);
    const m = readFileSync(at('garbled', 'metrics.jsonl'), 'utf8').split('\n');
    m[1] = '{"step":5,"loss":';
    writeFileSync(at('garbled', 'metrics.jsonl'), m.join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Output paths: refused before any work.
  const outputs: [string, string[]][] = [
    ['train', ['train', '-m', MODEL, '--synthetic', 'sphere', '--lr', '0.1', '-q']],
    ['diversity exact', ['diversity', 'exact', '-K', '3,4']],
    ['diversity mc', ['diversity', 'mc', '-K', '3,4', '--draws', '100', '--workers', '0', '-q']],
    ['diversity train', ['diversity', 'train', '-K', '3,4', '-n', '8', '-b', '2', '--steps', '5', '-q']],
    ['diversity batch-sweep', ['diversity', 'batch-sweep', '--family', 'width', '--widths', '2', '-n', '4', '--d', '2', '--seeds', '1', '--mc-draws', '0', '-q']],
  ];
  for (const [what, args] of outputs) {
    malformedCase({ name: `${what} -o an existing file`, kind: 'output path', args: () => [...args, '-o', at('a-file')], names: /--out .*a-file is a file, not a folder/ });
    malformedCase({ name: `${what} -o a folder below a file`, kind: 'output path', args: () => [...args, '-o', at('a-file', 'sub')], names: /a-file\/sub.*(a part of the path is a file|not a folder)/ });
  }

  // --resume with a setting that determines the trajectory changed.
  const changed: [string, () => string[], RegExp][] = [
    ['--lr', resumeWith(gd, { '--lr': '0.2' }), /the run used --lr 0\.1; got 0\.2/],
    ['the learning-rate rule', resumeWith(gd, { '--lr': null, '--lr-c': '1', '--lr-per': 'width' }), /the run used --lr 0\.1; got η = 1\/m = 0\.0625/],
    ['--optimizer', resumeWith(gd, { '--optimizer': 'sgd', '-b': '2' }), /the run used --optimizer gd; got sgd/],
    ['--batch', resumeWith(sgd, { '-b': '3' }), /the run used --batch 2; got 3/],
    ['--sampling', resumeWith(sgd, { '--sampling': 'epoch' }), /the run used --sampling without-replacement; got epoch/],
    ['--reduction', resumeWith(gd, { '--reduction': 'mean' }), /the run used --reduction sum; got mean/],
    ['--loss', resumeWith(gd, { '--loss': 'logistic' }), /the run used --loss square; got logistic/],
    ['--seed', resumeWith(gd, { '--seed': '4' }), /the run used --seed 0; got 4/],
    ['the data file (same n)', resumeWith(gd, { '-d': '' }), /the run was trained on other data/],
    ['the model spec', resumeWith(gd, { '-m': '{"preset":"du2019-fc","inputDim":3,"width":17,"depth":1}' }), /the run used another model spec \(--model\)/],
  ];
  for (const [what, args, names] of changed) {
    malformedCase({ name: `--resume with ${what} changed`, kind: 'resume settings', args: what.startsWith('the data') ? () => args().map((a) => (a === '' ? at('d2.csv') : a)) : args, names });
  }

  it('a refused --resume leaves the run folder as it was', () => {
    const before = ['metrics.jsonl', 'summary.json', 'params.safetensors'].map((f) => readFileSync(at('gd', f)));
    const r = cli(resumeWith(gd, { '--lr': '0.3' })());
    assert.equal(r.status, 2);
    const now = ['metrics.jsonl', 'summary.json', 'params.safetensors'].map((f) => readFileSync(at('gd', f)));
    assert.deepEqual(now, before);
  });

  it('probes, record interval and target loss may change on --resume (they decide what is measured and where it stops)', () => {
    mkdirSync(at('gd2'));
    for (const f of ['metrics.jsonl', 'params.safetensors', 'params-init.safetensors', 'summary.json']) copyFileSync(at('gd', f), at('gd2', f));
    const args = resumeWith(gd, { '-o': at('gd2'), '-e': '7', '-p': 'distance', '--target-loss': '1e-9' })();
    const r = cli(args);
    assert.equal(r.status, 0, r.stderr);
  });

  // Damaged run folders and bad values.
  malformedCase({ name: 'a checkpoint holding NaN', kind: 'checkpoint', args: () => resumeWith(gd, { '-o': at('nan') })(), names: /nan\/params\.safetensors: tensor \S+ holds NaN/ });
  malformedCase({ name: 'a metrics line that is not a record', kind: 'checkpoint', args: () => resumeWith(gd, { '-o': at('garbled') })(), names: /garbled\/metrics\.jsonl line 2 is not a JSON record/ });
  malformedCase({ name: 'a run folder without its initial parameters', kind: 'checkpoint', args: () => resumeWith(gd, { '-o': at('no-init') })(), names: /no-init\/params-init\.safetensors: cannot read the file: does not exist/ });
  it('a resume refused after the settings check leaves metrics.jsonl as it was (torn tail included)', () => {
    assert.match(readFileSync(at('no-init', 'metrics.jsonl'), 'utf8'), /\{"step":$/);
  });
  malformedCase({ name: '--resume of a folder with no run', kind: 'checkpoint', args: () => resumeWith(gd, { '-o': at('nothing-here') })(), names: /--resume: no .*nothing-here\/summary\.json/ });
  malformedCase({ name: '--resume asking for no more steps', kind: 'checkpoint', args: () => resumeWith(gd, { '--steps': '20' })(), names: /already took 20 steps/ });
  malformedCase({ name: '--checkpoint-every 0', kind: 'flag value', args: () => [...gd().map((a) => (a === at('gd') ? at('fresh') : a)), '--checkpoint-every', '0'], names: /--checkpoint-every must be an integer ≥ 1; got "0"/ });
  malformedCase({ name: '--target-loss abc', kind: 'flag value', args: () => [...gd().map((a) => (a === at('gd') ? at('fresh') : a)), '--target-loss', 'abc'], names: /--target-loss must be a number; got "abc"/ });
  // Sizes: refused up front with the memory they would need, before any buffer is allocated.
  malformedCase({ name: 'train with width 1e9', kind: 'size', args: () => ['train', '-m', '{"preset":"du2019-fc","inputDim":2,"width":1000000000,"depth":2}', '--synthetic', 'sphere', '--lr', '0.1', '-q', '-o', at('huge')], names: /m=1000000000\) has 1\.00e\+18 parameters; their float64 values would need .* more than/ });
  malformedCase({ name: 'train with --max-memory below the model', kind: 'size', args: () => ['train', '-m', MODEL, '--synthetic', 'sphere', '--lr', '0.1', '-q', '--max-memory', '1K', '-o', at('tiny')], names: /parameters; their float64 values would need .* more than the 1\.0 KiB of --max-memory/ });
  malformedCase({ name: 'train with a synthetic n of 1e12', kind: 'size', args: () => ['train', '-m', MODEL, '--synthetic', 'sphere', '-n', '1000000000000', '--lr', '0.1', '-q', '-o', at('bign')], names: /--n 1000000000000: the synthetic inputs and targets would need/ });
  malformedCase({ name: 'diversity train with width 1e9', kind: 'size', args: () => ['diversity', 'train', '--model', '{"preset":"chen2018-two-layer","inputDim":5,"width":1000000000}', '-n', '8', '-b', '2', '--steps', '5', '-q', '-o', at('dhuge')], names: /K=1000000000\).* has 6\.00e\+9 parameters/ });
});
