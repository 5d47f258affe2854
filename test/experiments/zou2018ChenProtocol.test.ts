/**
 * The zou2018 claims' prose beyond the protocol every claim follows (claims.test.ts): it names the training
 * widths it runs, and the narrow-width control is marked as one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';
import { experimentText } from '../../src/experiments/claims/claim.js';

const claims = ALL_CLAIMS.filter((c) => c.paper === 'zou2018' || c.paper === 'chen2018');

describe('zou2018 claims: prose and controls', () => {
  it('the prose follows the sizes: the zou2018 training widths, the narrow control a negative control', () => {
    const zero = claims.find((c) => c.id === 'zou2018.gd-zero-training-error')!;
    const sizes = zero.sizes as { quick: { widths: number[] }; full: { widths: number[] } };
    for (const scale of ['quick', 'full'] as const) assert.ok(experimentText(zero, scale).includes(sizes[scale].widths.join(', ')), scale);
    const narrow = claims.find((c) => c.id === 'zou2018.narrow-width-fails');
    assert.ok(narrow?.negativeControl === true);
  });
});
