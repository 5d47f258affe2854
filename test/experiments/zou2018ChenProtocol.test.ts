/**
 * The claim protocol (src/experiments/claims/claim.ts) for the zou2018 and chen2018 claims: each states a
 * falsifier, its sizes at both scales, and prose generated from them (no "quick"/"full" asides left in the text);
 * claims sharing an experiment share one sizes object; the narrow-width control is marked as one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';
import { experimentText } from '../../src/experiments/claims/claim.js';

const claims = ALL_CLAIMS.filter((c) => c.paper === 'zou2018' || c.paper === 'chen2018');

describe('zou2018 and chen2018 claims on the protocol', () => {
  it('every claim has a falsifier, sizes at both scales and prose generated from them', () => {
    assert.ok(claims.length >= 15, `${claims.length} claims`);
    for (const c of claims) {
      assert.ok((c.falsifier ?? '').length > 20, `${c.id}: falsifier`);
      assert.ok(c.sizes?.quick !== undefined && c.sizes.full !== undefined, `${c.id}: sizes`);
      assert.equal(typeof c.experiment, 'function', `${c.id}: experiment prose is not generated`);
      for (const scale of ['quick', 'full'] as const) {
        const text = experimentText(c, scale);
        assert.ok(text.length > 20, `${c.id}: ${scale} prose`);
        assert.doesNotMatch(text, /\((quick|full)\b|\b(quick|full)\)/, `${c.id}: scale aside left in "${text}"`);
        assert.doesNotMatch(text, /undefined|NaN/, `${c.id}: ${scale} prose "${text}"`);
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
  it('the prose follows the sizes: the zou2018 training widths, the narrow control a negative control', () => {
    const zero = claims.find((c) => c.id === 'zou2018.gd-zero-training-error')!;
    const sizes = zero.sizes as { quick: { widths: number[] }; full: { widths: number[] } };
    for (const scale of ['quick', 'full'] as const) assert.ok(experimentText(zero, scale).includes(sizes[scale].widths.join(', ')), scale);
    const narrow = claims.find((c) => c.id === 'zou2018.narrow-width-fails');
    assert.ok(narrow?.negativeControl === true);
  });
});
