import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { makeProbe, PROBE_NAMES } from '../../src/probes/index.js';

describe('probe registry', () => {
  it('builds every probe by name (linearization needs gd: true)', () => {
    for (const name of PROBE_NAMES) {
      const p = makeProbe(name, name === 'linearization' ? { gd: true } : {});
      assert.equal(p.name, name);
    }
  });

  it('refuses an unknown name, listing the probes', () => {
    assert.throws(() => makeProbe('ntk'), (e: unknown) => e instanceof ConfigError && /unknown probe "ntk"/.test(e.message) && /distance, kernel, flips/.test(e.message));
  });

  it('refuses unknown options and bad values, naming the option', () => {
    assert.throws(() => makeProbe('distance', { spectrall: false }), (e: unknown) => e instanceof ConfigError && /unknown option "spectrall"/.test(e.message) && /spectral/.test(e.message));
    assert.throws(() => makeProbe('hessian', { iterations: 0 }), (e: unknown) => e instanceof ConfigError && /option iterations/.test(e.message));
    assert.throws(() => makeProbe('hessian', { of: 'weights' }), (e: unknown) => e instanceof ConfigError && /option of must be one of "loss", "output", "both"/.test(e.message));
    assert.throws(() => makeProbe('hessian', { tolerance: -1 }), (e: unknown) => e instanceof ConfigError && /option tolerance/.test(e.message));
    assert.throws(() => makeProbe('kernel', { maxExamples: 2.5 }), (e: unknown) => e instanceof ConfigError && /option maxExamples/.test(e.message));
    assert.throws(() => makeProbe('kernel', { part: '' }), (e: unknown) => e instanceof ConfigError && /option part/.test(e.message));
    assert.throws(() => makeProbe('pl', { width: '512' }), (e: unknown) => e instanceof ConfigError && /option width/.test(e.message));
    assert.throws(() => makeProbe('flips', { layers: 1 }), (e: unknown) => e instanceof ConfigError && /takes no options/.test(e.message));
    assert.throws(() => makeProbe('linearization'), (e: unknown) => e instanceof ConfigError && /option gd must be true/.test(e.message));
    assert.throws(() => makeProbe('linearization', { gd: false }), ConfigError);
  });
});
