/**
 * The worker pool's channels beside the outcome: onStart when a point is handed to a worker, and what a
 * running point reports through ctx.progress, delivered in order before its outcome (reproduce streams
 * each finished claim of a group this way).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pointId } from '../../src/experiments/runner/pointId.js';
import type { SweepPoint } from '../../src/experiments/runner/points.js';
import { runOnWorkers } from '../../src/experiments/runner/pool.js';
import { ALL_CLAIMS } from '../../src/experiments/claims/index.js';
import { runClaimSeeds } from '../../src/experiments/reproduce.js';

const KINDS = new URL('./runnerKinds.js', import.meta.url).href;

function point(index: number, kind: string, params: Record<string, number>): SweepPoint {
  return { index, id: pointId(kind, params), kind, seed: 0, params };
}

describe('worker pool channels', () => {
  it('delivers each point\'s progress in order, before its outcome, and starts every point once', async () => {
    const points = [3, 1, 4, 2].map((count, i) => point(i, 'test.progress', { count, i }));
    const events: string[] = [];
    const seen = new Map<string, number[]>();
    const started: string[] = [];
    await runOnWorkers(points, {
      workers: 2, modules: [KINDS],
      onStart: (p) => started.push(p.id),
      onProgress: (p, info) => {
        const m = info as { k: number; id: string };
        assert.equal(m.id, p.id);
        seen.set(p.id, [...(seen.get(p.id) ?? []), m.k]);
        events.push(`progress ${p.id}`);
      },
      onOutcome: (p, o) => {
        assert.deepEqual(o.result, { sum: (p.params['count'] as number) * ((p.params['count'] as number) + 1) / 2 });
        events.push(`done ${p.id}`);
      },
    });
    assert.deepEqual([...started].sort(), points.map((p) => p.id).sort());
    for (const p of points) {
      const n = p.params['count'] as number;
      assert.deepEqual(seen.get(p.id), Array.from({ length: n }, (_, k) => k + 1));
      assert.ok(events.lastIndexOf(`progress ${p.id}`) < events.indexOf(`done ${p.id}`));
    }
  });

  it('reproduce on the pool: a claim group whose point fails in its worker ends its unfinished claims inconclusive, naming why', async () => {
    const real = ALL_CLAIMS.find((c) => c.id === 'liu2020.parameterization-identity')!;
    const ghost = { ...real, id: 'test.not-registered' };
    const runs = await runClaimSeeds([{ claims: [ghost], seed: 0 }, { claims: [real], seed: 0 }], { scale: 'quick', workers: 2 });
    const byId = new Map(runs.map((r) => [r.result.id, r.result]));
    assert.equal(byId.get('test.not-registered')?.verdict, 'inconclusive');
    assert.match(byId.get('test.not-registered')?.error ?? '', /unknown claim "test.not-registered"/);
    assert.equal(byId.get(real.id)?.error, undefined, 'the other group runs as usual');
  });
});
