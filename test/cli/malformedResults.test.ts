/**
 * Results files and the commands that read and write them — report, merge, sweep, reproduce — on
 * malformed inputs and outputs: each exits 2 with one clear line naming the file, field or flag. And
 * the faults a kill leaves: a cut-short last line of results.jsonl is cut off (with one warning) before
 * sweep or reproduce --resume appends, so every line of the file parses afterwards.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { assertClearError, cli, MAIN, malformedCase } from './malformed.js';

const KINDS = fileURLToPath(new URL('../experiments/runnerKinds.js', import.meta.url));
/** A claim that runs in about a second at quick scale. */
const CHEAP = 'liu2020.parameterization-identity';

let dir = '';
const at = (...p: string[]): string => join(dir, ...p);

/** A valid results.json, with one field replaced (path as keys). */
function editedResults(name: string, edit: (v: Record<string, unknown> & { results: Record<string, unknown>[]; meta: Record<string, unknown> }) => void): string {
  const v = JSON.parse(readFileSync(at('good', 'results.json'), 'utf8')) as Record<string, unknown> & { results: Record<string, unknown>[]; meta: Record<string, unknown> };
  edit(v);
  writeFileSync(at(name), JSON.stringify(v));
  return at(name);
}

function everyLineParses(file: string): void {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.endsWith('\n'), `${file} ends without a newline`);
  for (const [i, l] of text.trimEnd().split('\n').entries()) assert.doesNotThrow(() => JSON.parse(l), `${file}:${i + 1}: ${l.slice(0, 80)}`);
}

describe('malformed results files and outputs', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-malformed-results-'));
    const r = cli(['reproduce', '--quick', '-w', '1', '--seed', '0', '--claim', CHEAP, '-q', '-o', at('good')], { timeoutMs: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(at('a-file'), 'x');
    writeFileSync(at('empty.json'), '');
    writeFileSync(at('empty.jsonl'), '');
    writeFileSync(at('array.json'), '[{"id": 1}]\n');
    mkdirSync(at('folder.json'));
    writeFileSync(at('spec.json'), JSON.stringify({ name: 'toy', kind: 'test.toy', sweep: { x: [1, 2, 3] }, seeds: 1, modules: [KINDS] }));
    const many = Array.from({ length: 3000 }, (_, i) => i);
    writeFileSync(at('many.json'), JSON.stringify({ name: 'many', kind: 'test.toy', sweep: { x: many }, seeds: 1, modules: [KINDS] }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('report', () => {
    malformedCase({ name: 'a folder', kind: 'report input', args: () => ['report', at('folder.json')], names: /folder\.json is a folder/ });
    malformedCase({ name: 'a missing file', kind: 'report input', args: () => ['report', at('nonexistent.json')], names: /nonexistent\.json does not exist/ });
    malformedCase({ name: 'an empty file', kind: 'report input', args: () => ['report', at('empty.json')], names: /empty\.json is empty/ });
    malformedCase({ name: 'a missing .jsonl', kind: 'report input', args: () => ['report', at('nonexistent.jsonl')], names: /nonexistent\.jsonl does not exist/ });
    malformedCase({ name: 'a JSON array', kind: 'report input', args: () => ['report', at('array.json')], names: /array\.json holds a JSON array/ });
    malformedCase({ name: '"seconds": "x"', kind: 'results schema', args: () => ['report', editedResults('secx.json', (v) => (v.results[0]['seconds'] = 'x'))], names: /secx\.json: results\[0\]\.seconds must be a number ≥ 0; got "x"/ });
    malformedCase({ name: '"verdict": 5', kind: 'results schema', args: () => ['report', editedResults('verd.json', (v) => (v.results[0]['verdict'] = 5))], names: /verd\.json: results\[0\]\.verdict must be one of "holds", "fails", "inconclusive"; got 5/ });
    malformedCase({ name: '"meta": null', kind: 'results schema', args: () => ['report', editedResults('meta.json', (v) => ((v as Record<string, unknown>)['meta'] = null))], names: /meta\.json: meta must be an object; got null/ });
    malformedCase({ name: '"data": "x"', kind: 'results schema', args: () => ['report', editedResults('data.json', (v) => (v.results[0]['data'] = 'x'))], names: /data\.json: results\[0\]\.data must be an array/ });
    malformedCase({ name: 'a seed\'s seconds null', kind: 'results schema', args: () => ['report', editedResults('seed.json', (v) => ((v.results[0]['seeds'] as Record<string, unknown>[])[0]['seconds'] = null))], names: /seed\.json: results\[0\]\.seeds\[0\]\.seconds must be a number ≥ 0; got null/ });
    malformedCase({ name: 'meta.seeds [-1]', kind: 'results schema', args: () => ['report', editedResults('seeds.json', (v) => (v.meta['seeds'] = [-1]))], names: /seeds\.json: meta\.seeds\[0\] must be a seed/ });
    malformedCase({ name: '-o that is a file', kind: 'output path', args: () => ['report', at('good', 'results.json'), '-o', at('a-file')], names: /--out .*a-file is a file, not a folder/ });
    malformedCase({ name: 'a playground run with "steps": {}', kind: 'results schema', args: () => {
      writeFileSync(at('run.json'), JSON.stringify({ format: 'overparam-playground/1', generated: 'g', link: '', config: {}, network: 'n', parameters: 1, eta: 1, steps: {}, kernel: [] }));
      return ['report', at('run.json')];
    }, names: /run\.json: steps: expected an array/ });

    it('a results.json that starts with a UTF-8 byte-order mark renders', () => {
      writeFileSync(at('bom.json'), `\ufeff${readFileSync(at('good', 'results.json'), 'utf8')}`);
      const r = cli(['report', at('bom.json'), '-o', at('bom')]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(existsSync(at('bom', 'report', 'index.html')));
    });

    it('a real results file still renders, and the report folder holds no stray temporary file', () => {
      const r = cli(['report', at('good', 'results.json'), '-o', at('again')]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(readFileSync(at('again', 'report', 'index.html'), 'utf8'), new RegExp(CHEAP.replace('.', '\\.')));
      assert.deepEqual(readdirSync(at('again', 'report')), ['index.html']);
      assert.deepEqual(readdirSync(at('good')).sort(), ['report', 'results.json', 'results.jsonl']);
    });
  });

  describe('merge', () => {
    malformedCase({ name: 'a missing file', kind: 'merge input', args: () => ['merge', at('nonexist.jsonl'), '-o', at('m1.jsonl')], names: /nonexist\.jsonl does not exist/ });
    malformedCase({ name: 'a file with no records', kind: 'merge input', args: () => ['merge', at('empty.jsonl'), '-o', at('m2.jsonl')], names: /empty\.jsonl holds no records/ });
    malformedCase({ name: 'a JSON array', kind: 'merge input', args: () => ['merge', at('array.json'), '-o', at('m3.jsonl')], names: /array\.json holds a JSON array; merge reads JSON Lines \(one record per line\)/ });
    malformedCase({ name: 'a results.json (one object over several lines)', kind: 'merge input', args: () => ['merge', at('good', 'results.json'), '-o', at('m4.jsonl')], names: /results\.json holds one JSON object over several lines; merge reads JSON Lines/ });
    malformedCase({ name: 'a folder as input', kind: 'merge input', args: () => ['merge', at('folder.json'), '-o', at('m5.jsonl')], names: /folder\.json is a folder/ });
    malformedCase({ name: '-o that is a folder', kind: 'output path', args: () => ['merge', at('good', 'results.jsonl'), '-o', at('folder.json')], names: /--out .*folder\.json is a folder/ });
    malformedCase({ name: '-o inside a file (unwritable)', kind: 'output path', args: () => ['merge', at('good', 'results.jsonl'), '-o', at('a-file', 'm.jsonl')], names: /a-file[/\\]m\.jsonl: a part of the path is a file/ });

    it('-o a folder leaves no stray file beside it, and nothing was written', () => {
      const before = readdirSync(dir).sort();
      const r = cli(['merge', at('good', 'results.jsonl'), '-o', at('folder.json')]);
      assertClearError(r, /folder\.json is a folder/, 'merge -o folder');
      assert.deepEqual(readdirSync(dir).sort(), before);
      assert.deepEqual(readdirSync(at('folder.json')), []);
    });

    malformedCase({ name: 'only files with no records', kind: 'merge input', args: () => ['merge', at('empty.jsonl'), at('empty.json'), '-o', at('m6.jsonl')], names: /none of the 2 files holds a record/ });
    malformedCase({ name: '-o that is empty', kind: 'output path', args: () => ['merge', at('good', 'results.jsonl'), '-o', ''], names: /--out is empty/ });

    it('an empty shard beside a full one is named on stderr and the others are merged', () => {
      const r = cli(['merge', at('good', 'results.jsonl'), at('empty.jsonl'), '-o', at('with-empty.jsonl')]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /empty\.jsonl holds no records .*merged the others/);
      assert.equal(readFileSync(at('with-empty.jsonl'), 'utf8'), readFileSync(at('good', 'results.jsonl'), 'utf8'));
    });

    it('a cut-short last line is reported as file:line and the merged file is whole', () => {
      const lines = readFileSync(at('good', 'results.jsonl'), 'utf8');
      writeFileSync(at('torn-merge.jsonl'), lines + lines.slice(0, 50));
      const r = cli(['merge', at('torn-merge.jsonl'), '-o', at('merged.jsonl')]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /torn-merge\.jsonl:2: last line cut short/);
      everyLineParses(at('merged.jsonl'));
      assert.equal(readdirSync(dir).filter((f) => f.includes('.tmp-')).length, 0);
    });
  });

  describe('sweep', () => {
    malformedCase({ name: '-o that is a folder', kind: 'output path', args: () => ['sweep', at('spec.json'), '-o', at('folder.json'), '-q', '-w', '1'], names: /--out .*folder\.json is a folder/ });
    malformedCase({ name: '-o inside a file (unwritable)', kind: 'output path', args: () => ['sweep', at('spec.json'), '-o', at('a-file', 'r.jsonl'), '-q', '-w', '1'], names: /a-file[/\\]r\.jsonl: a part of the path is a file/ });

    it('-o that is a folder is refused before any point runs', () => {
      const log = at('sweep-log');
      const r = cli(['sweep', at('spec.json'), '-o', at('folder.json'), '-q', '-w', '1'], { env: { RUNNER_TEST_LOG: log } });
      assertClearError(r, /folder\.json is a folder/, 'sweep -o folder');
      assert.equal(existsSync(log), false, 'a point ran');
    });

    it('a torn last line is cut off before appending, with one warning naming file:line; every line parses', () => {
      const out = at('torn-sweep.jsonl');
      const first = cli(['sweep', at('spec.json'), '-o', out, '-q', '-w', '1']);
      assert.equal(first.status, 0, first.stderr);
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, 3);
      // As a kill leaves it: two whole lines and the third cut short.
      writeFileSync(out, `${lines[0]}\n${lines[1]}\n${lines[2].slice(0, 30)}`);
      const r = cli(['sweep', at('spec.json'), '-o', out, '-q', '-w', '1']);
      assert.equal(r.status, 0, r.stderr);
      const warnings = r.stderr.split('\n').filter((l) => l.includes('cut short'));
      assert.equal(warnings.length, 1, r.stderr);
      assert.match(warnings[0], /torn-sweep\.jsonl:3: last line cut short/);
      everyLineParses(out);
      // The same three points, each once (their times may differ: the third ran again).
      const noTime = (l: string): string => l.replace(/"seconds":[0-9.e-]+,/, '');
      assert.deepEqual(readFileSync(out, 'utf8').trimEnd().split('\n').map(noTime), lines.map(noTime));
    });

    it('--list piped into `head -1` ends quietly (no EPIPE)', () => {
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${MAIN}" sweep "${at('many.json')}" -o "${at('unused.jsonl')}" --list | head -1`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /^many: 3000 points\n$/);
    });
  });

  describe('reproduce', () => {
    malformedCase({ name: '-o that is a file', kind: 'output path', args: () => ['reproduce', '--claim', CHEAP, '--seed', '0', '-q', '-o', at('a-file')], names: /--out .*a-file is a file, not a folder/ });
    malformedCase({ name: '-o inside a file (unwritable)', kind: 'output path', args: () => ['reproduce', '--claim', CHEAP, '--seed', '0', '-q', '-o', at('a-file', 'sub')], names: /a-file[/\\]sub: a part of the path is a file/ });

    it('--resume on a results.jsonl with a torn last line cuts it, warns once, and every line parses', () => {
      const out = at('resume');
      mkdirSync(out);
      const whole = readFileSync(at('good', 'results.jsonl'), 'utf8');
      // One whole run at seed 0 and a cut-short one at seed 1 (the run a kill interrupted while it was written).
      const seed1 = whole.replace('"seed":0', '"seed":1');
      writeFileSync(join(out, 'results.jsonl'), whole + seed1.slice(0, 60));
      const r = cli(['reproduce', '--quick', '-w', '1', '--seeds', '0,1', '--claim', CHEAP, '-q', '--resume', '-o', out], { timeoutMs: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      const warnings = r.stderr.split('\n').filter((l) => l.includes('cut short'));
      assert.equal(warnings.length, 1, r.stderr);
      assert.match(warnings[0], /results\.jsonl:2: last line cut short/);
      const file = join(out, 'results.jsonl');
      everyLineParses(file);
      const seeds = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { params: { seed: number } }).params.seed);
      assert.deepEqual(seeds, [0, 1]);
      assert.equal(readFileSync(file, 'utf8').startsWith(whole), true, 'the finished line was kept as it was');
    });
  });
});
