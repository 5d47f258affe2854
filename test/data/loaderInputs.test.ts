import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DataFormatError } from '../../src/data/errors.js';
import { loadDataset, loadTable } from '../../src/data/loaders.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'overparam-loader-inputs-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('data files that are not files', () => {
  it('a folder (whatever its extension) is refused as a DataFormatError naming it', () => {
    for (const name of ['plain', 'x.npy', 'x.csv', 'x.json']) {
      const p = join(dir, name);
      mkdirSync(p);
      for (const load of [() => loadDataset(p), () => loadTable(p)]) {
        assert.throws(load, (e: unknown) => {
          assert.ok(e instanceof DataFormatError, String(e));
          assert.equal(e.message, `${p}: is a folder; give a data file`);
          return true;
        });
      }
    }
  });

  it('a JSON data set with a byte-order mark, and with no label columns asked for, keeps its "y"', () => {
    const p = join(dir, 'bom.json');
    writeFileSync(p, '\ufeff{"x": [[1, 2], [3, 4]], "y": [5, 6]}');
    const ds = loadDataset(p, { labelColumns: [] });
    assert.deepEqual([...ds.x.data], [1, 2, 3, 4]);
    assert.deepEqual([...ds.y.data], [5, 6]);
    assert.throws(() => loadDataset(p, { labelColumns: [0] }), /has a "y" key; label columns do not apply/);
  });
});
