/**
 * The layering of DESIGN.md's house, checked on the real sources (src/ and web/src/), and the checker
 * itself checked on small made-up trees that breach it in each way it must catch.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packageRoot } from '../../src/packageRoot.js';
import { importCycles, importEdges, layeringBreaches, readSources, type SourceFile } from './imports.js';

const file = (path: string, ...imports: string[]): SourceFile => ({ path, text: imports.map((i) => `import { x } from '${i}';\n`).join('') });

describe('the house (import layering)', () => {
  it('holds for src/ and web/src/: no upward import, no two folders importing each other, no cycle', () => {
    const root = packageRoot();
    const files = [...readSources(root, 'src'), ...readSources(root, 'web/src')];
    assert.ok(files.length > 200, `read ${files.length} files`);
    assert.deepEqual(layeringBreaches(files), []);
  });

  it('flags an upward import, naming the file and both folders', () => {
    const b = layeringBreaches([file('src/linalg/matrix.ts', '../nn/network.js'), file('src/nn/network.ts', '../linalg/matrix.js')]);
    assert.equal(b.filter((l) => l.startsWith('upward import: src/linalg/matrix.ts imports src/nn/network.ts')).length, 1, b.join('\n'));
  });

  it('reads type-only, re-export, side-effect and dynamic imports alike', () => {
    const text = [
      "import type { A } from '../report/a.js';",
      "export { b } from '../report/b.js';",
      "import '../report/c.js';",
      "const d = await import('../report/d.js');",
      "export * from './own.js';",
    ].join('\n');
    const edges = importEdges([{ path: 'src/train/t.ts', text }]);
    assert.deepEqual(edges.map((e) => e.to), ['src/report/a.ts', 'src/report/b.ts', 'src/report/c.ts', 'src/report/d.ts', 'src/train/own.ts']);
    assert.equal(layeringBreaches([{ path: 'src/train/t.ts', text }]).filter((l) => l.startsWith('upward')).length, 4);
  });

  it('flags two folders of one rank that import each other, but not a one-way import between them', () => {
    const oneWay = layeringBreaches([file('src/train/trainer.ts', '../probes/probe.js'), file('src/probes/probe.ts')]);
    assert.deepEqual(oneWay, []);
    const mutual = layeringBreaches([file('src/train/trainer.ts', '../probes/probe.js'), file('src/probes/probe.ts', '../train/losses.js'), file('src/train/losses.ts')]);
    assert.equal(mutual.length, 1, mutual.join('\n'));
    assert.match(mutual[0], /^probes and train import each other/);
  });

  it('flags a folder the house has no place for', () => {
    assert.deepEqual(layeringBreaches([file('src/extras/x.ts')]), ['extras has no place in the house (give it a rank)']);
  });

  it('flags a cycle of files inside one folder, and finds each cycle once', () => {
    const files = [
      file('src/experiments/a.ts', './b.js'),
      file('src/experiments/b.ts', './c.js'),
      file('src/experiments/c.ts', './a.js'),
      file('src/experiments/d.ts', './a.js'),
    ];
    assert.deepEqual(layeringBreaches(files), ['import cycle: src/experiments/a.ts → src/experiments/b.ts → src/experiments/c.ts']);
    assert.deepEqual(importCycles(['x', 'y'], [{ from: 'x', to: 'y' }]), []);
    assert.deepEqual(importCycles(['x'], [{ from: 'x', to: 'x' }]), [['x']]);
  });

  it('places the playground (web/src) with the commands: it may import src/, and src/ may not import it', () => {
    assert.deepEqual(layeringBreaches([file('web/src/main.ts', '../../src/train/losses.js'), file('src/train/losses.ts')]), []);
    const up = layeringBreaches([file('src/report/html.ts', '../../web/src/config.js'), file('web/src/config.ts')]);
    assert.equal(up.length, 1, up.join('\n'));
    assert.match(up[0], /^upward import: src\/report\/html\.ts imports web\/src\/config\.ts/);
  });
});
