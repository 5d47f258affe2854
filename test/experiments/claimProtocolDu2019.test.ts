/**
 * The claim protocol (src/experiments/claims/claim.ts) for the du2019 claims: each states a falsifier, its sizes at
 * both scales, and prose generated from them (no "quick"/"full" asides left in the text); claims sharing an
 * experiment share one sizes object; the rate and zero-loss runs last until the bound has fallen to ≤ 0.1·L(0).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';
import { experimentText } from '../../src/experiments/claims/claim.js';

const claims = ALL_CLAIMS.filter((c) => c.paper === 'du2019');

describe('du2019 claims on the protocol', () => {
  it('every claim has a falsifier, sizes at both scales and prose generated from them', () => {
    assert.ok(claims.length >= 11, `${claims.length} claims`);
    assert.ok(claims.some((c) => c.id === 'du2019.gd-reaches-zero-loss'));
    for (const c of claims) {
      assert.ok((c.falsifier ?? '').length > 20, `${c.id}: falsifier`);
      assert.ok(c.sizes?.quick !== undefined && c.sizes.full !== undefined, `${c.id}: sizes`);
      assert.equal(typeof c.experiment, 'function', `${c.id}: experiment prose is not generated`);
      for (const scale of ['quick', 'full'] as const) {
        const text = experimentText(c, scale);
        assert.ok(text.length > 20, `${c.id}: ${scale} prose`);
        assert.doesNotMatch(text, /\((quick|full)\b|\b(quick|full)\)/, `${c.id}: scale aside left in "${text}"`);
      }
    }
  });
  it('claims sharing an experiment use one sizes object', () => {
    const byKey = new Map<string, unknown>();
    for (const c of claims) {
      if (c.shares === undefined) continue;
      if (!byKey.has(c.shares)) byKey.set(c.shares, c.sizes);
      assert.equal(c.sizes, byKey.get(c.shares), `${c.id}: sizes differ from its group's`);
    }
  });
  it('the rate bound is judged where it has fallen to at most a tenth of L(0), and zero loss lies below it', () => {
    const rate = claims.find((c) => c.id === 'du2019.linear-rate-bound');
    for (const scale of ['quick', 'full'] as const) {
      const s = rate?.sizes?.[scale] as { boundLevel: number; zeroLevel: number } | undefined;
      assert.ok(s !== undefined && s.boundLevel <= 0.1 && s.zeroLevel < s.boundLevel, `${scale}: ${JSON.stringify(s)}`);
    }
  });
});
