/**
 * The native backend's normal draws (normals.cc) against the TypeScript loop they replace: the same
 * doubles bit for bit, for every key, block position, length (past the threading threshold too), mean
 * and std, and from every position in a stream.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tryNativeBackend } from '../../src/linalg/registry.js';
import { setAcceleratorSource } from '../../src/linalg/accelerators.js';
import { backend } from '../../src/linalg/registry.js';
import { Rng } from '../../src/linalg/random/rng.js';

const native = tryNativeBackend().backend;

/** Runs fn with the TypeScript draws only (no accelerator), then restores the backend's. */
function portableDraws<T>(fn: () => T): T {
  setAcceleratorSource(() => ({}));
  try {
    return fn();
  } finally {
    setAcceleratorSource(backend);
  }
}

function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('native normal draws', { skip: native === null ? 'the native backend is not built' : false }, () => {
  it('equal the TypeScript draws bit for bit: keys, lengths, positions, mean and std', () => {
    const cases: [number, number, number, number, number][] = [
      // seed, skip (draws before), length, mean, std
      [0, 0, 64, 0, 1],
      [1, 0, 65, 0, 1],
      [2, 1, 200, 0, 1],
      [3, 3, 1001, 2.5, 0.125],
      [2 ** 40 + 7, 0, 4096, -1, 3],
      [11, 10, 600_001, 0, 1], // past the threading threshold (2^17 draws): several threads
      [12, 0, 1 << 20, 0, 1 / 3],
    ];
    for (const [seed, skip, n, mean, std] of cases) {
      const draw = (): Float64Array => {
        const r = Rng.fromSeed(seed).fold('w');
        if (skip > 0) r.fillNormal(new Float64Array(skip));
        return r.fillNormal(new Float64Array(n), mean, std);
      };
      const fast = draw();
      const slow = portableDraws(draw);
      assert.equal(firstDifference(fast, slow), -1, `seed ${seed}, skip ${skip}, n ${n}`);
    }
  });

  it('leave the stream where the TypeScript draws leave it', () => {
    const after = (r: Rng): number[] => {
      r.fillNormal(new Float64Array(5001));
      return [...r.fillNormal(new Float64Array(7)), r.uniform()];
    };
    const fast = after(Rng.fromSeed(9));
    const slow = portableDraws(() => after(Rng.fromSeed(9)));
    assert.deepEqual(fast, slow);
  });

  it('cover the far tails exactly: blocks whose uniforms fall below 1e-6 or above 1 − 1e-6', () => {
    // 2^22 draws hold about 8 such uniforms; compare where they are.
    const n = 1 << 22;
    const fast = Rng.fromSeed(5).fillNormal(new Float64Array(n));
    const slow = portableDraws(() => Rng.fromSeed(5).fillNormal(new Float64Array(n)));
    assert.equal(firstDifference(fast, slow), -1);
    const extreme = fast.filter((z) => Math.abs(z) > 4.75).length;
    assert.ok(extreme > 0, 'the sample reaches |z| > 4.75');
  });

  it('reject bad arguments with an exception, not a crash', () => {
    assert.ok(native);
    const fill = native.fillNormalBlocks!;
    assert.throws(() => fill(0, 0, 0, new Float64Array(3), 0, 1), RangeError);
    assert.throws(() => fill(-1, 0, 0, new Float64Array(2), 0, 1), RangeError);
    assert.throws(() => fill(0, 0, 2 ** 53, new Float64Array(2), 0, 1), RangeError);
    assert.throws(() => fill(0, 0, 0, new Float32Array(2) as unknown as Float64Array, 0, 1), TypeError);
  });
});
