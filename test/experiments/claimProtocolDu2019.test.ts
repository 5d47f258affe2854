/**
 * The du2019 claims' sizes beyond the protocol every claim follows (claims.test.ts): the zero-loss claim exists,
 * and the rate and zero-loss runs last until the bound has fallen to ≤ 0.1·L(0).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';

const claims = ALL_CLAIMS.filter((c) => c.paper === 'du2019');

describe('du2019 claims: non-vacuous sizes', () => {
  it('the zero-loss claim is registered', () => {
    assert.ok(claims.some((c) => c.id === 'du2019.gd-reaches-zero-loss'));
  });
  it('the rate bound is judged where it has fallen to at most a tenth of L(0), and zero loss lies below it', () => {
    const rate = claims.find((c) => c.id === 'du2019.linear-rate-bound');
    for (const scale of ['quick', 'full'] as const) {
      const s = rate?.sizes?.[scale] as { boundLevel: number; zeroLevel: number } | undefined;
      assert.ok(s !== undefined && s.boundLevel <= 0.1 && s.zeroLevel < s.boundLevel, `${scale}: ${JSON.stringify(s)}`);
    }
  });
});
