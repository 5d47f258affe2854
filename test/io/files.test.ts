import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { cutTornTail, prepareOutputDir, prepareOutputFile, readTextInput, withFsErrors, writeFileAtomic } from '../../src/io/files.js';

const asRoot = process.getuid?.() === 0;

describe('files the user names', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-files-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a text input, dropping a UTF-8 byte-order mark, and refuses folders and missing files by name', () => {
    const f = join(dir, 'bom.json');
    writeFileSync(f, '\ufeff{"a": 1}');
    assert.equal(readTextInput(f, 'spec'), '{"a": 1}');
    assert.throws(() => readTextInput(dir, 'spec'), (e: unknown) => e instanceof ConfigError && e.message === `spec ${dir} is a folder; give a file`);
    assert.throws(() => readTextInput(join(dir, 'none'), 'spec'), (e: unknown) => e instanceof ConfigError && /none does not exist/.test(e.message));
    assert.throws(() => readTextInput(f, 'spec', 4), (e: unknown) => e instanceof ConfigError && /more than the 4 bytes/.test(e.message));
  });

  it('checks an output folder before work: a file there is refused, a missing one created', () => {
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    assert.throws(() => prepareOutputDir(file, '--out'), (e: unknown) => e instanceof ConfigError && /--out .*plain is a file, not a folder/.test(e.message));
    const sub = join(dir, 'a', 'b');
    prepareOutputDir(sub, '--out');
    assert.deepEqual(readdirSync(sub), [], 'the writability probe leaves nothing behind');
    assert.throws(() => prepareOutputDir(join(file, 'x'), '--out'), (e: unknown) => e instanceof ConfigError && /a part of the path is a file/.test(e.message));
    assert.throws(() => prepareOutputFile(dir, '--out'), (e: unknown) => e instanceof ConfigError && /is a folder; give a file name/.test(e.message));
  });

  it('refuses a folder it cannot create or write to, naming it', () => {
    // /proc refuses new entries even to root (ENOENT); Node's own recursive mkdir loops for ever there.
    assert.throws(() => prepareOutputDir('/proc/overparam-out/x', '--out'), (e: unknown) => e instanceof ConfigError && /--out: cannot create the folder \/proc\/overparam-out\/x: does not exist/.test(e.message));
    if (!asRoot) {
      const ro = join(dir, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      try {
        assert.throws(() => prepareOutputDir(ro, '--out'), (e: unknown) => e instanceof ConfigError && /permission denied/.test(e.message));
      } finally {
        chmodSync(ro, 0o700);
      }
    }
  });

  it('names a full disk as such', () => {
    // /dev/full answers every write with ENOSPC.
    assert.throws(() => withFsErrors('cannot write', '/dev/full', () => writeFileSync('/dev/full', 'x')), (e: unknown) => e instanceof ConfigError && e.message === 'cannot write /dev/full: no space left on the device');
  });

  it('writes atomically: the target is whole and no temporary file stays, also on failure', () => {
    const target = join(dir, 'atomic', 'r.json');
    writeFileAtomic(target, 'first');
    writeFileAtomic(target, 'second');
    assert.equal(readFileSync(target, 'utf8'), 'second');
    assert.deepEqual(readdirSync(join(dir, 'atomic')), ['r.json']);
    // A folder where the file should go: the rename fails, the message names the target.
    const blocked = join(dir, 'atomic', 'blocked');
    mkdirSync(join(blocked, 'inside'), { recursive: true });
    assert.throws(() => writeFileAtomic(blocked, 'x'), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`cannot write ${blocked}: `));
    assert.deepEqual(readdirSync(join(dir, 'atomic')).sort(), ['blocked', 'r.json']);
  });

  it('cuts a torn JSON Lines tail before appending, and completes a whole last line instead', () => {
    const f = join(dir, 'torn.jsonl');
    writeFileSync(f, '{"a":1}\n{"a":2}\n{"a":');
    assert.equal(cutTornTail(f), '{"a":');
    assert.equal(readFileSync(f, 'utf8'), '{"a":1}\n{"a":2}\n');
    assert.equal(cutTornTail(f), '', 'a whole file is left as it is');
    assert.equal(readFileSync(f, 'utf8'), '{"a":1}\n{"a":2}\n');
    writeFileSync(f, '{"a":1}\n{"a":2}');
    assert.equal(cutTornTail(f), '');
    assert.equal(readFileSync(f, 'utf8'), '{"a":1}\n{"a":2}\n');
    writeFileSync(f, '{"only": tor');
    assert.equal(cutTornTail(f), '{"only": tor');
    assert.equal(readFileSync(f, 'utf8'), '');
    // A long torn tail spans several of the blocks scanned back from the end.
    const long = `{"a":1}\n{"b":"${'x'.repeat(200_000)}`;
    writeFileSync(f, long);
    assert.equal(cutTornTail(f).length, long.length - 8);
    assert.equal(readFileSync(f, 'utf8'), '{"a":1}\n');
    assert.equal(cutTornTail(join(dir, 'missing.jsonl')), '');
  });
});
