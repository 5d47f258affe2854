/**
 * Large buffers: allocateF64 (zero-filled, any size) and the Workspace that recycles a
 * computation's buffers between its runs (zero-filled again, nothing shared with what escapes).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { allocateF64, LARGE_BUFFER } from '../../src/linalg/accelerators.js';
import { Matrix } from '../../src/linalg/matrix.js';
import { Rng } from '../../src/linalg/random/rng.js';
import { outside, Workspace } from '../../src/linalg/workspace.js';
import { empiricalKernel } from '../../src/kernels/empirical.js';
import { liu2020FC } from '../../src/models/liu2020.js';
import { forEachBackend } from '../helpers.js';

forEachBackend('large buffers', () => {
  it('the allocator returns zero-filled buffers of the length asked, small and large', () => {
    for (const n of [0, 1, LARGE_BUFFER - 1, LARGE_BUFFER, LARGE_BUFFER + 3, 3 * LARGE_BUFFER + 1]) {
      const a = allocateF64(n);
      assert.equal(a.length, n);
      assert.ok(a.every((v) => v === 0), `n = ${n}`);
      a.fill(7); // writable to the end
      assert.equal(a[n - 1], n > 0 ? 7 : undefined);
    }
  });

  it('a workspace hands its buffers out again zero-filled, and keeps only what its last run used', () => {
    const w = new Workspace();
    const n = LARGE_BUFFER + 10;
    let first: Float64Array | undefined;
    w.run(() => {
      first = allocateF64(n);
      first.fill(3);
      allocateF64(2 * n).fill(4);
      assert.equal(allocateF64(100).length, 100); // small buffers are not recycled
    });
    assert.equal(w.keptBytes, 3 * n * 8);
    let again: Float64Array | undefined;
    w.run(() => {
      again = allocateF64(n);
    });
    assert.equal(again, first, 'the same buffer');
    assert.ok(again!.every((v) => v === 0), 'zero-filled on reuse');
    assert.equal(w.keptBytes, n * 8, 'the buffer the second run did not take is dropped');
  });

  it('outside a run, and inside outside(), buffers are new; a run of the same workspace inside itself is one run', () => {
    const w = new Workspace();
    const n = LARGE_BUFFER;
    let kept: Float64Array | undefined;
    let escaped: Float64Array | undefined;
    w.run(() => {
      kept = allocateF64(n);
      escaped = outside(() => allocateF64(n));
    });
    escaped!.fill(9);
    w.run(() => {
      const x = w.run(() => allocateF64(n));
      assert.equal(x, kept);
      const y = allocateF64(n); // the only kept buffer is in use: a new one
      assert.notEqual(y, kept);
      assert.notEqual(y, escaped);
    });
    assert.ok(escaped!.every((v) => v === 9), 'a buffer made outside() is never handed out');
    assert.notEqual(allocateF64(n), kept);
  });

  it('a run that used more than maxBytes keeps nothing; a throwing run still ends', () => {
    const w = new Workspace(LARGE_BUFFER * 8);
    w.run(() => {
      allocateF64(LARGE_BUFFER + 1);
    });
    assert.equal(w.keptBytes, 0);
    assert.throws(() => w.run(() => {
      allocateF64(LARGE_BUFFER);
      throw new Error('inside');
    }), /inside/);
    assert.equal(w.keptBytes, LARGE_BUFFER * 8);
    // No workspace serves after the throw.
    const a = allocateF64(LARGE_BUFFER);
    w.run(() => assert.notEqual(allocateF64(LARGE_BUFFER), a));
  });

  it('a long run holds at most maxBytes of buffers: past it, it lets go of them all (and keeps nothing)', () => {
    const w = new Workspace(LARGE_BUFFER * 8 * 3);
    const held: number[] = [];
    w.run(() => {
      for (let i = 0; i < 10; i++) {
        allocateF64(LARGE_BUFFER);
        held.push(w.heldBytes);
      }
    });
    // Three buffers of LARGE_BUFFER doubles fit; the fourth lets go of all, and no later one is held.
    assert.deepEqual(held, [1, 2, 3, 0, 0, 0, 0, 0, 0, 0].map((k) => k * LARGE_BUFFER * 8));
    assert.equal(w.keptBytes, 0);
    w.run(() => {
      allocateF64(LARGE_BUFFER);
      assert.equal(w.heldBytes, LARGE_BUFFER * 8, 'a new run holds again');
    });
    assert.equal(w.keptBytes, LARGE_BUFFER * 8);
  });

  it('an empirical kernel computed again from recycled buffers is the same, and shares no storage with the first', () => {
    const net = liu2020FC({ inputDim: 40, width: 600, depth: 2, activation: { name: 'relu' } });
    const rng = Rng.fromSeed(4);
    const params = net.init(rng.fold('init'));
    const x = new Matrix(500, 40, rng.fold('x').fillNormal(new Float64Array(500 * 40)));
    const first = empiricalKernel(net, params, x, undefined, { perParam: true });
    const copy = Float64Array.from(first.kernel.data);
    const second = empiricalKernel(net, params, x, undefined, { perParam: true });
    assert.deepEqual(second.kernel.data, copy);
    assert.deepEqual(first.kernel.data, copy, 'the first result is untouched by the second call');
    for (const [name, m] of first.byParam!) assert.notEqual(m.data.buffer, second.byParam!.get(name)!.data.buffer);
  });
});
