import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { runAction } from '../../src/cli/run.js';

/** Runs an action as a command would, capturing stderr and the exit code (restored afterwards). */
async function outcome(action: () => void): Promise<{ code: number | string | undefined; err: string }> {
  const write = process.stderr.write.bind(process.stderr);
  const saved = process.exitCode;
  let err = '';
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    err += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await runAction(action);
    return { code: process.exitCode, err };
  } finally {
    process.stderr.write = write;
    process.exitCode = saved;
  }
}

describe('how commands end', () => {
  it('a user error is one line and exit 2, with control characters of the input made printable', async () => {
    const r = await outcome(() => {
      throw new ConfigError('--model x\u001b[31m: bad');
    });
    assert.equal(r.code, 2);
    assert.equal(r.err.split('\n').filter(Boolean).length, 1);
    assert.doesNotMatch(r.err, /\u001b/);
  });

  it('a buffer larger than the process can hold is a clear out-of-memory line, exit 2', async () => {
    const r = await outcome(() => {
      void new Float64Array(2 ** 53);
    });
    assert.equal(r.code, 2);
    assert.match(r.err, /^overparam: out of memory: a buffer of \d+ entries does not fit; lower the width/);
  });

  it('any other exception is a bug: exit 70 with its trace', async () => {
    const r = await outcome(() => {
      throw new TypeError('x is undefined');
    });
    assert.equal(r.code, 70);
    assert.match(r.err, /internal error \(please report it\)[\s\S]*TypeError: x is undefined\n\s+at /);
  });
});
