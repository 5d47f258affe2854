/**
 * Malformed inputs and sizes for `model`, `kernel`, `doctor` and the experiment-spec reader of `sweep`:
 * paths that are folders, outputs that cannot be written, specs nested or listed past the stated limits,
 * sizes past the memory budget, kernels that overflow float64, and --label-columns. Each case must end
 * with exit 2 and one line naming the input; the positive cases check that BOMs and dropped label
 * columns are accepted.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, malformedCase } from './malformed.js';

const FC2 = '{"preset":"du2019-fc","inputDim":2,"width":4,"depth":2}';
const BOM = '\ufeff';

let dir = '';
const at = (name: string): string => join(dir, name);

function nestedResiduals(depth: number): string {
  return `{"input":2,"layers":[${'{"type":"residual","branch":['.repeat(depth)}{"type":"dense","width":2}${']}'.repeat(depth)}]}`;
}

/** A version 2.0 .npy file whose shape is `depth` nested parentheses. */
function deepNpy(depth: number): Buffer {
  const header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${'('.repeat(depth)}${')'.repeat(depth)}, }\n`;
  const b = Buffer.alloc(12 + header.length);
  b.write('\x93NUMPY', 'latin1');
  b[6] = 2;
  b[7] = 0;
  b.writeUInt32LE(header.length, 8);
  b.write(header, 12, 'latin1');
  return b;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'overparam-malformed-inputs-'));
  for (const d of ['folder', 'folder.npy', 'folder.csv', 'spec.json']) mkdirSync(at(d));
  writeFileSync(at('a-file'), 'not a folder\n');
  writeFileSync(at('deep.json'), nestedResiduals(2000));
  writeFileSync(at('long.json'), `{"input":2,"layers":[${new Array<string>(950_000).fill('{"type":"dense","width":2}').join(',')}]}`);
  writeFileSync(at('deep.npy'), deepNpy(100_000));
  writeFileSync(at('deep-base.json'), `{"name":"a","kind":"x","base":{"v":${'['.repeat(5000)}${']'.repeat(5000)}}}`);
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  writeFileSync(at('deep-name.json'), `{"input":2,"layers":[{"type":"dense","width":1}],"name":${deep}}`);
  writeFileSync(at('deep-spatial.json'), `{"input":{"channels":1,"spatial":${deep}},"layers":[{"type":"dense","width":1}]}`);
  writeFileSync(at('deep-kind.json'), `{"name":"a","kind":${deep}}`);
  writeFileSync(at('huge.csv'), '1e200,2\n4,5\n7,8\n');
  writeFileSync(at('three.csv'), '1,2,0\n4,5,1\n7,8,0\n');
  writeFileSync(at('bom-model.json'), `${BOM}${FC2}`);
  writeFileSync(at('bom-spec.json'), `${BOM}{"name":"a","kind":"x","seeds":2}`);
  writeFileSync(at('bom-data.json'), `${BOM}{"x":[[1,2],[3,4]],"y":[0,1]}`);
});

after(() => rmSync(dir, { recursive: true, force: true }));

const inDir = (): string => dir;

describe('malformed inputs: model, kernel, doctor, experiment specs', () => {
  // Input paths that are folders.
  malformedCase({ name: 'model -m <folder>', kind: 'input path', args: () => ['model', '-m', at('folder')], names: /model spec file .*folder is a folder/ });
  malformedCase({ name: 'kernel -d <folder>', kind: 'input path', args: () => ['kernel', '-m', FC2, '-d', at('folder'), '-o', at('k1')], names: /--data .*folder is a folder/ });
  malformedCase({ name: 'kernel -d <folder named .npy>', kind: 'input path', args: () => ['kernel', '-m', FC2, '-d', at('folder.npy'), '-o', at('k1')], names: /--data .*folder\.npy is a folder/ });
  malformedCase({ name: 'kernel --test-data <folder>', kind: 'input path', args: () => ['kernel', '-m', FC2, '--synthetic', 'sphere', '--test-data', at('folder.csv'), '-o', at('k1')], names: /--test-data .*folder\.csv is a folder/ });
  malformedCase({ name: 'sweep <spec that is a folder> --list', kind: 'input path', args: () => ['sweep', at('spec.json'), '-o', at('x.jsonl'), '--list'], names: /experiment spec file .*spec\.json is a folder/ });

  // Output folders checked before any work.
  malformedCase({ name: 'kernel -o <existing file>', kind: 'output path', args: () => ['kernel', '-m', FC2, '--synthetic', 'sphere', '-o', at('a-file'), '-q'], names: /--out .*a-file is a file, not a folder/ });
  malformedCase({ name: 'kernel -o <folder under a file>', kind: 'output path', args: () => ['kernel', '-m', FC2, '--synthetic', 'sphere', '-o', join(at('a-file'), 'sub'), '-q'], names: /--out.*a-file.*a part of the path is a file/ });

  // Nesting and length limits.
  malformedCase({ name: '2000 nested residuals', kind: 'nesting', args: () => ['model', '-m', at('deep.json')], names: /model spec nesting deeper than 520 arrays or objects at .*deep\.json\.layers\[0\]\.branch\[0\].*at most 256 residual blocks/ });
  malformedCase({ name: 'a model name nested 100 000 deep (the spec is copied into the summary)', kind: 'nesting', args: () => ['kernel', '-m', at('deep-name.json'), '--synthetic', 'sphere', '-o', at('k0'), '-q'], names: /model spec nesting deeper than 520 arrays or objects at .*deep-name\.json\.name\[0\]/ });
  malformedCase({ name: 'input.spatial nested 100 000 deep', kind: 'nesting', args: () => ['model', '-m', at('deep-spatial.json')], names: /deep-spatial\.json\.input\.spatial\[0\]/ });
  malformedCase({ name: 'experiment "kind" nested 100 000 deep', kind: 'nesting', args: () => ['sweep', at('deep-kind.json'), '-o', at('x.jsonl'), '--list'], names: /deep-kind\.json: spec\.kind\[0\].* nests too deep/ });
  malformedCase({ name: 'a 950 000-layer list', kind: 'nesting', args: () => ['model', '-m', at('long.json')], names: /long\.json\.layers .*950000.*at most 10000 layers/ });
  malformedCase({ name: 'preset depth 1e9', kind: 'nesting', args: ['model', '-m', '{"preset":"du2019-fc","inputDim":2,"width":4,"depth":1e9}'], names: /--model\.depth must be an integer in \[1, 10000\]/ });
  malformedCase({ name: '.npy header with 100 000 nested parentheses', kind: 'nesting', args: () => ['kernel', '-m', FC2, '-d', at('deep.npy'), '-o', at('k2')], names: /deep\.npy: byte 12: malformed header: brackets nest deeper than 32/ });
  malformedCase({ name: 'experiment base value nested 5000 deep', kind: 'nesting', args: () => ['sweep', at('deep-base.json'), '-o', at('x.jsonl'), '--list'], names: /deep-base\.json: spec\.base\.v\[0\].* nests too deep: at most 256 levels/ });

  // Sizes past the memory budget or the stated limits.
  malformedCase({ name: 'model width 1e9', kind: 'size', args: ['model', '-m', '{"preset":"du2019-fc","inputDim":5,"width":1000000000,"depth":3}'], names: /m=1000000000.*2\.00e\+18 parameters.*would need .*EiB, more than/ });
  malformedCase({ name: 'model width 1e6', kind: 'size', args: ['model', '-m', '{"preset":"du2019-fc","inputDim":5,"width":1000000,"depth":3}'], names: /m=1000000.*parameters.*would need .*TiB, more than/ });
  malformedCase({ name: 'model under --max-memory 1M', kind: 'size', args: ['model', '-m', '{"preset":"du2019-fc","inputDim":5,"width":1000,"depth":3}', '--max-memory', '1M'], names: /would need 15\.3 MiB, more than the 1\.0 MiB of --max-memory 1M/ });
  malformedCase({ name: 'OVERPARAM_MAX_MEMORY=512K', kind: 'size', args: ['model', '-m', '{"preset":"du2019-fc","inputDim":5,"width":1000,"depth":3}'], env: { OVERPARAM_MAX_MEMORY: '512K' }, names: /more than the 512\.0 KiB of OVERPARAM_MAX_MEMORY=512K/ });
  malformedCase({ name: '--max-memory 8X', kind: 'size', args: ['model', '-m', FC2, '--max-memory', '8X'], names: /--max-memory must be a size such as "8G".*"8X"/ });
  malformedCase({ name: 'kernel -n 40000 -k analytic', kind: 'size', args: () => ['kernel', '-m', '{"preset":"du2019-fc","inputDim":5,"width":64,"depth":2}', '--synthetic', 'sphere', '-n', '40000', '-k', 'analytic', '-o', at('k3'), '--max-memory', '64G'], names: /analytic kernel of 40000 examples .*40000×40000 .*would need .*GiB, more than the 64\.0 GiB/, timeoutMs: 20_000 });
  malformedCase({ name: 'kernel -n 1e9 (one array past 2^32 entries)', kind: 'size', args: () => ['kernel', '-m', FC2, '--synthetic', 'sphere', '-n', '1e9', '-o', at('k3'), '--max-memory', '1P'], names: /empirical kernel of 1000000000 examples would be one float64 array .*2\^32/, timeoutMs: 20_000 });
  malformedCase({ name: 'kernel width 1e6', kind: 'size', args: () => ['kernel', '-m', '{"preset":"du2019-fc","inputDim":5,"width":1000000,"depth":2}', '--synthetic', 'sphere', '-n', '4', '-o', at('k3')], names: /m=1000000.*parameters.*would need/, timeoutMs: 20_000 });
  malformedCase({ name: 'experiment "seeds": 1e9 with --list', kind: 'size', args: () => ['sweep', '{"name":"a","kind":"x","seeds":1e9}', '-o', at('x.jsonl'), '--list'], names: /spec\.seeds is 1000000000; one experiment may have at most 1000000 points/, timeoutMs: 20_000 });
  malformedCase({ name: 'doctor -n 1e9', kind: 'size', args: ['doctor', '-n', '1000000000'], names: /--size 1000000000: .*three 1000000000×1000000000 float64 matrices.*at most 8192/ });
  malformedCase({ name: 'doctor -n 100000', kind: 'size', args: ['doctor', '-n', '100000'], names: /--size 100000: .*\(223\.5 GiB\).*at most 8192/ });
  malformedCase({ name: 'doctor -n 4000 --max-memory 100M', kind: 'size', args: ['doctor', '-n', '4000', '--max-memory', '100M'], names: /--size 4000: .*would need 366\.2 MiB, more than the 100\.0 MiB/ });

  // Overflow: the kernel is refused, naming the entry (and the first part that overflowed), nothing written.
  malformedCase({ name: 'data with 1e200, analytic kernel', kind: 'overflow', args: () => ['kernel', '-m', FC2, '-d', at('huge.csv'), '-k', 'analytic', '-o', at('k4'), '-q'], names: /analytic kernel is not finite: entry \(0, 0\).*part from layers\.0\.W/ });
  malformedCase({ name: 'data with 1e200, empirical kernel', kind: 'overflow', args: () => ['kernel', '-m', FC2, '-d', at('huge.csv'), '-o', at('k4'), '-q'], names: /empirical kernel is not finite: entry \(0, 0\).*the forward pass is finite, the products of its gradients overflow/ });
  malformedCase({
    name: 'weightStd 1e200',
    kind: 'overflow',
    args: () => ['kernel', '-m', '{"input":2,"layers":[{"type":"dense","width":4,"weightStd":1e200},{"type":"activation","activation":{"name":"relu"}},{"type":"dense","width":1,"weightStd":1e200}]}', '--synthetic', 'sphere', '-o', at('k4'), '-q'],
    names: /empirical kernel is not finite: entry \(0, 0\) = (Infinity|NaN); the forward pass overflows: layer 2 \(dense\) is not finite on example 0/,
  });
  malformedCase({ name: 'liu2020-bottleneck bottleneckScale 1e200, analytic', kind: 'overflow', args: () => ['kernel', '-m', '{"preset":"liu2020-bottleneck","width":8,"bottleneck":2,"bottleneckScale":1e200}', '--synthetic', 'sphere', '-k', 'analytic', '-o', at('k4'), '-q'], names: /analytic kernel is not finite.*part from / });

  // Label columns: what the help says is what happens.
  malformedCase({ name: 'kernel -d <3-column CSV> for 2 inputs', kind: 'label columns', args: () => ['kernel', '-m', FC2, '-d', at('three.csv'), '-o', at('k5'), '-q'], names: /three\.csv: rows have 3 values but the model takes 2 .*--label-columns/ });
  malformedCase({ name: 'kernel --label-columns without --data', kind: 'label columns', args: () => ['kernel', '-m', FC2, '--synthetic', 'sphere', '--label-columns', '0', '-o', at('k5'), '-q'], names: /--label-columns names columns of --data and --test-data/ });

  it('[overflow] a refused kernel writes no kernel file', () => {
    const out = at('k6');
    const r = cli(['kernel', '-m', FC2, '-d', at('huge.csv'), '-k', 'analytic', '-o', out, '-q']);
    assert.equal(r.status, 2);
    assert.deepEqual(existsSync(out) ? readdirSync(out) : [], []);
  });

  it('[size] a refused kernel leaves no output folder behind (sizes are checked before --out is made)', () => {
    const out = at('k7');
    const r = cli(['kernel', '-m', FC2, '--synthetic', 'sphere', '-n', '1e9', '-o', out, '-q']);
    assert.equal(r.status, 2);
    assert.equal(existsSync(out), false);
  });

  it('[label columns] --label-columns -1 leaves the last column out', () => {
    const r = cli(['kernel', '-m', FC2, '-d', at('three.csv'), '--label-columns', '-1', '-o', at('k8'), '--json'], { cwd: inDir() });
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { examples: number; shape: number[] };
    assert.equal(s.examples, 3);
    assert.deepEqual(s.shape, [3, 3]);
  });

  it('[label columns] --label-columns applies to --test-data with --synthetic training inputs', () => {
    const r = cli(['kernel', '-m', FC2, '--synthetic', 'sphere', '-n', '5', '--test-data', at('three.csv'), '--label-columns', '-1', '-o', at('k10'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { testTrainShape: number[] }).testTrainShape, [3, 5]);
  });

  it('[input path] an empty --model, and inline JSON that is not an object, are named', () => {
    const empty = cli(['model', '-m', ' ']);
    assert.equal(empty.status, 2);
    assert.match(empty.stderr, /^overparam: --model is empty/);
    const list = cli(['model', '-m', '[]']);
    assert.equal(list.status, 2);
    assert.match(list.stderr, /^overparam: --model must be an object; got an array/);
  });

  it('[BOM] a model spec file with a UTF-8 byte-order mark is read', () => {
    const r = cli(['model', '-m', at('bom-model.json'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { parameters: number }).parameters, 28);
  });

  it('[BOM] an experiment spec file with a UTF-8 byte-order mark is read', () => {
    const r = cli(['sweep', at('bom-spec.json'), '-o', at('x.jsonl'), '--list']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /a: 2 points/);
  });

  it('[BOM] a JSON data file with a byte-order mark and a "y" key gives the kernel on its "x"', () => {
    const r = cli(['kernel', '-m', FC2, '-d', at('bom-data.json'), '-o', at('k9'), '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { shape: number[] }).shape, [2, 2]);
  });
});
