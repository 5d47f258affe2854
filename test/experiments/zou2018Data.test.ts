/**
 * zou2018Data's 'xor' rule (src/data/zou2018.ts, zou2018Xor.ts): labels no linear classifier separates, on data
 * that keep A3.4 (unit norm, last coordinate μ) and A3.5 (opposite labels ≥ φ apart) with the empirical φ equal
 * to the requested one. Non-separability is checked by its certificate (the planted classes share a midpoint)
 * and corroborated by a perceptron that separates sign(z_1) labels but not these.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zou2018Data } from '../../src/data/zou2018.js';
import { ConfigError } from '../../src/errors.js';
import type { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';

/** Rosenblatt's perceptron through the origin (the μ coordinate is the bias): true when it separates within `epochs`. */
function perceptronSeparates(x: Matrix, y: Float64Array, epochs: number): boolean {
  const w = new Float64Array(x.cols);
  for (let e = 0; e < epochs; e++) {
    let mistakes = 0;
    for (let i = 0; i < x.rows; i++) {
      const row = x.row(i);
      let s = 0;
      for (let k = 0; k < x.cols; k++) s += w[k] * row[k];
      if (y[i] * s <= 0) {
        mistakes++;
        for (let k = 0; k < x.cols; k++) w[k] += y[i] * row[k];
      }
    }
    if (mistakes === 0) return true;
  }
  return false;
}

const dist = (x: Matrix, i: number, j: number): number => Math.hypot(...x.row(i).map((v, k) => v - x.get(j, k)));

describe("zou2018Data rule 'xor'", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: unit rows with last coordinate μ, labels sign(z_1·z_2), opposite labels ≥ φ apart and exactly φ at the closest`, () => {
      const [n, d, mu, phi] = [20, 10, 0.5, 0.3];
      const ds = zou2018Data({ n, d, mu, phi, rule: 'xor', rng: Rng.fromSeed(seed) });
      const y = ds.y.data;
      let closest = Infinity;
      for (let i = 0; i < n; i++) {
        assert.ok(Math.abs(Math.hypot(...ds.x.row(i)) - 1) < 1e-14, `row ${i} norm`);
        assert.equal(ds.x.get(i, d - 1), mu);
        assert.equal(y[i], Math.sign(ds.x.get(i, 0) * ds.x.get(i, 1)), `row ${i}: label is not the XOR rule`);
        for (let j = 0; j < i; j++) if (y[i] !== y[j]) closest = Math.min(closest, dist(ds.x, i, j));
      }
      assert.ok(closest >= phi - 1e-12 && closest <= phi + 1e-12, `empirical φ ${closest}`);
      assert.equal(ds.meta['phi'], closest);
      assert.ok((ds.meta['positives'] as number) > 0 && (ds.meta['negatives'] as number) > 0);
    });
  }

  it('no linear classifier separates the set: two positives and two negatives share a midpoint', () => {
    // If wᵀx_i·y_i > 0 for all i, then wᵀ(x_0 + x_1) > 0 > wᵀ(x_2 + x_3); equal sums make that impossible.
    const ds = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.3, rule: 'xor', rng: Rng.fromSeed(4) });
    assert.deepEqual([...ds.y.data.slice(0, 4)], [1, 1, -1, -1]);
    for (let k = 0; k < 10; k++) assert.ok(Math.abs(ds.x.get(0, k) + ds.x.get(1, k) - ds.x.get(2, k) - ds.x.get(3, k)) < 1e-15, `coordinate ${k}`);
  });

  it('a perceptron separates sign(z_1) labels (linearly separable) but not the XOR labels', () => {
    const sign = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.3, rule: 'sign', rng: Rng.fromSeed(5) });
    assert.ok(perceptronSeparates(sign.x, sign.y.data, 10_000));
    for (const seed of [5, 6]) {
      const xor = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.3, rule: 'xor', rng: Rng.fromSeed(seed) });
      assert.equal(perceptronSeparates(xor.x, xor.y.data, 10_000), false);
    }
  });

  it('refuses a φ the plant cannot meet, and d < 3', () => {
    assert.throws(() => zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.7, rule: 'xor', rng: Rng.fromSeed(1) }), (e: unknown) => e instanceof ConfigError && /φ ≤ √\(\(1 − μ²\)\/2\)/.test(e.message));
    assert.throws(() => zou2018Data({ n: 20, d: 2, rule: 'xor', rng: Rng.fromSeed(1) }), ConfigError);
  });

  it("leaves the 'sign' and 'clusters' rules' draws as they were (same seed, same data)", () => {
    const a = zou2018Data({ n: 20, d: 10, mu: 0.5, phi: 0.3, rng: Rng.fromSeed(7) });
    assert.equal(a.meta['planted'], 0);
    assert.equal(a.meta['rule'], 'sign');
  });
});
