import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import { MEMORY_ENV, memoryBudget, parseSize, requireArrayEntries, requireMemory } from '../../src/cli/memoryBudget.js';
import { gemmSize, MAX_GEMM_SIZE } from '../../src/cli/commands/doctor.js';
import { ConfigError } from '../../src/errors.js';

describe('memory budget', () => {
  it('parses sizes in bytes and binary units', () => {
    assert.equal(parseSize('8G', 'x'), 8 * 1024 ** 3);
    assert.equal(parseSize('512m', 'x'), 512 * 1024 ** 2);
    assert.equal(parseSize('1.5GiB', 'x'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('1000', 'x'), 1000);
    for (const bad of ['', '8X', '-1G', 'G', '0']) assert.throws(() => parseSize(bad, '--max-memory'), /--max-memory must be a size/);
  });

  it('takes the flag, then the environment, then the machine', () => {
    assert.equal(memoryBudget('1G', { [MEMORY_ENV]: '2G' }).bytes, 1024 ** 3);
    assert.deepEqual(memoryBudget(undefined, { [MEMORY_ENV]: '2G' }), { bytes: 2 * 1024 ** 3, source: `${MEMORY_ENV}=2G` });
    assert.equal(memoryBudget(undefined, {}).bytes, os.totalmem());
  });

  it('refuses what does not fit, with the bytes needed and the budget', () => {
    const budget = { bytes: 1024 ** 3, source: '--max-memory 1G' };
    requireMemory(1024 ** 3, 'x', budget);
    assert.throws(() => requireMemory(1024 ** 3 + 1, 'the thing', budget), /the thing would need 1\.0 GiB, more than the 1\.0 GiB of --max-memory 1G$/);
    assert.throws(() => requireMemory(NaN, 'the thing', budget), ConfigError);
    assert.throws(() => requireArrayEntries(2 ** 32 + 1, 'K'), /K would be one float64 array of 4\.29e\+9 entries; at most 4294967296/);
  });

  it('doctor --size is refused past the stated limit and past the budget', () => {
    const big = { bytes: 2 ** 50, source: 'test' };
    assert.equal(gemmSize('1024', big), 1024);
    assert.throws(() => gemmSize(String(MAX_GEMM_SIZE + 1), big), /at most 8192/);
    assert.throws(() => gemmSize('4000', { bytes: 100 * 1024 ** 2, source: 'test' }), /would need 366\.2 MiB/);
  });
});
