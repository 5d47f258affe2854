/** Sweep specs that import modules (issue 13, Security): only local files; data: and remote URLs are refused with exit 2, naming the field, and never run. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { moduleUrl, parseExperimentSpec } from '../../src/experiments/runner/spec.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'overparam-modules-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, 'ran');
const PAYLOAD = `data:text/javascript,import('node:fs').then((f) => f.writeFileSync(${JSON.stringify(marker)}, 'x'))`;

describe('spec modules', () => {
  const spec = (modules: unknown[]) => ({ name: 'n', kind: 'k', modules });
  for (const [what, url, message] of [
    ['a data: URL', PAYLOAD, /spec\.modules\[1\] is a data: URL/],
    ['an https URL', 'https://example.com/kinds.js', /spec\.modules\[1\] is a remote URL/],
    ['an http URL', 'HTTP://example.com/kinds.js', /spec\.modules\[1\] is a remote URL/],
    ['another scheme', 'blob:nodedata:1234', /spec\.modules\[1\] is a blob: URL/],
  ] as const) {
    it(`refuses ${what}, naming the field`, () => {
      assert.throws(() => parseExperimentSpec(spec(['./ok.js', url]), 'spec', dir), (e: unknown) => e instanceof ConfigError && message.test(e.message));
    });
  }

  it('takes paths, file: URLs and Windows-style drive paths as files', () => {
    assert.equal(moduleUrl('kinds.js', dir), pathToFileURL(join(dir, 'kinds.js')).href);
    assert.equal(moduleUrl(pathToFileURL(join(dir, 'k.js')).href), pathToFileURL(join(dir, 'k.js')).href);
    assert.ok(moduleUrl('C:/x/k.js', dir).startsWith('file:'));
  });

  it('sweep exits 2 on a data: module in the spec or in --module, and the code never runs', () => {
    for (const args of [
      ['sweep', JSON.stringify(spec([PAYLOAD])), '-o', join(dir, 'a.jsonl'), '-w', '1', '-q'],
      ['sweep', JSON.stringify({ name: 'n', kind: 'k' }), '--module', PAYLOAD, '-o', join(dir, 'b.jsonl'), '-w', '1', '-q'],
    ]) {
      const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^overparam: (spec\.modules\[0\]|--module "data:[^"\n]{0,41}") is a data: URL[^\n]*\n$/);
      assert.ok(!r.stderr.includes('internal error'));
      assert.ok(!existsSync(marker), 'the data: module did not run');
    }
  });

  it('sweep --help says that a spec with modules runs code', () => {
    const r = spawnSync(process.execPath, [MAIN, 'sweep', '--help'], { encoding: 'utf8' });
    assert.match(r.stdout.replace(/\s+/g, ' '), /A spec with "modules" \(or --module\) runs code/);
    assert.match(r.stdout.replace(/\s+/g, ' '), /data: URLs and remote \(http\/https\) URLs are refused/);
  });
});
