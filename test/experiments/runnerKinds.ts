/**
 * Toy point kinds for the runner's tests. Imported by file URL in the main thread and in every worker
 * thread (the way claims modules register their kinds). Each execution of `test.toy` appends its id to
 * the file named by RUNNER_TEST_LOG, so tests can count executions independently of the runner.
 */
import { appendFileSync } from 'node:fs';
import { registerPointKind } from '../../src/experiments/runner/registry.js';

function num(v: unknown, name: string): number {
  if (typeof v !== 'number') throw new Error(`${name} must be a number`);
  return v;
}

registerPointKind('test.toy', (params, ctx) => {
  const log = process.env['RUNNER_TEST_LOG'];
  if (log) appendFileSync(log, `${ctx.id}\n`);
  const x = num(params['x'], 'x');
  if (x < 0 && process.env['RUNNER_TEST_HEAL'] !== '1') throw new Error(`toy failure at x=${x}`);
  const v = new Float64Array(3);
  ctx.rng.fillNormal(v);
  return { y: x * x + ctx.rng.uniform(), noise: v, shared: ctx.seedRng.uniform(), seed: ctx.seed, label: params['label'] };
});

/** Waits params.ms, ignoring the stop signal (so a running point finishes and is recorded). */
registerPointKind('test.slow', async (params, ctx) => {
  await new Promise((r) => setTimeout(r, num(params['ms'], 'ms')));
  return { x: params['x'] ?? null, u: ctx.rng.uniform() };
});

/** Waits until the sweep is stopped, then throws (so its point is abandoned, not recorded). */
registerPointKind('test.abortable', async (params, ctx) => {
  if (params['quick'] === true) return { quick: true };
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, 10_000);
    ctx.signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('stopped'));
    });
  });
  return { waited: true };
});

/** Ends its worker thread for x = 2 (a crash), returns otherwise. */
registerPointKind('test.exit', (params) => {
  if (params['x'] === 2) process.exit(3);
  return { x: params['x'] ?? null };
});

/** Returns a value that JSON cannot hold. */
registerPointKind('test.nan', () => ({ loss: Number.NaN }));

/** Reports params.count progress messages (k = 1…count) through ctx.progress, then returns their sum. */
registerPointKind('test.progress', (params, ctx) => {
  const count = num(params['count'], 'count');
  let sum = 0;
  for (let k = 1; k <= count; k++) {
    ctx.progress?.({ k, id: ctx.id });
    sum += k;
  }
  return { sum };
});
