/**
 * The planted points of zou2018Data's 'xor' rule (y = sign(z_1·z_2)): labels no linear classifier
 * separates, on data that meet A3.5 with the requested φ exactly (zou2018 Sec 3; the theory note asks for
 * labels that are not linearly separable, since sign(z_1) makes zero training error nearly automatic).
 *
 * With r = √(1 − μ²) and s = r/√2, in z-space (the first d − 1 coordinates; the last is μ):
 *  - an XOR quadruple a = (s, s), b = (−s, −s) (label +1) and c = (s, −s), e = (−s, s) (label −1), zero
 *    elsewhere. Then x_a + x_b = x_c + x_e, so if wᵀx separated the labels, wᵀ(x_a + x_b) > 0 >
 *    wᵀ(x_c + x_e) = wᵀ(x_a + x_b), a contradiction: no linear classifier separates any set containing
 *    them (the classes' convex hulls share the point (0, …, 0, μ)).
 *  - an opposite-label pair p± = (±φ/2, u) with u a random vector of norm √(r² − φ²/4) and u_1 > 0: both
 *    on the sphere, ‖p₊ − p₋‖ = φ exactly, labels sign(±φ/2·u_1) = ±1, so the empirical φ is the one asked.
 * Every planted opposite-label pair is at least s apart (a point in one quadrant of the (z_1, z_2) plane
 * is at least s from the quadruple's points of the two neighbouring quadrants), so the plant meets A3.5
 * whenever φ ≤ s.
 */
import { ConfigError } from '../errors.js';
import type { Rng } from '../linalg/random/rng.js';
import { randomDirection } from './geometry.js';

/** The XOR label of z: sign(z_1·z_2) (z_1·z_2 ≠ 0). */
export function xorLabel(z: ArrayLike<number>): 1 | -1 {
  return z[0] * z[1] > 0 ? 1 : -1;
}

export interface PlantedPoint {
  /** The full input (d coordinates, the last μ). */
  x: Float64Array;
  label: 1 | -1;
}

/** The six planted points (quadruple first, then the pair), or fewer when n < 6. */
export function xorPlantedPoints(opts: { n: number; d: number; mu: number; phi: number; rng: Rng }): PlantedPoint[] {
  const { n, d, mu, phi, rng } = opts;
  const r = Math.sqrt(1 - mu * mu);
  const s = r / Math.SQRT2;
  if (d < 3) throw new ConfigError(`zou2018Data: rule 'xor' needs d ≥ 3 (two coordinates for the XOR and μ); got d = ${d}`);
  if (phi > s) {
    throw new ConfigError(`zou2018Data: rule 'xor' plants an XOR quadruple and a pair at distance φ, which needs φ ≤ √((1 − μ²)/2) = ${s}; got φ = ${phi}`);
  }
  const point = (z: number[], label: 1 | -1): PlantedPoint => {
    const x = new Float64Array(d);
    z.forEach((v, k) => (x[k] = v));
    x[d - 1] = mu;
    return { x, label };
  };
  const out = [point([s, s], 1), point([-s, -s], 1), point([s, -s], -1), point([-s, s], -1)];
  const u = new Float64Array(d - 2);
  randomDirection(rng, u, Math.sqrt(r * r - (phi * phi) / 4));
  u[0] = Math.abs(u[0]);
  for (const sign of [1, -1] as const) {
    const x = new Float64Array(d);
    x[0] = (sign * phi) / 2;
    x.set(u, 1);
    x[d - 1] = mu;
    out.push({ x, label: sign });
  }
  return out.slice(0, n);
}
