/**
 * Running points on worker threads. Each worker imports the point-kind modules, then takes one point at
 * a time from a shared queue, so faster points do not wait for slower ones. Outcomes are handed to
 * `onOutcome` in the main thread as they arrive (one writer for the results file).
 *
 * Stopping (`signal` aborted): no point is handed out any more, idle workers end, busy workers are told
 * to abort their point's ctx.signal and end when their point returns. A worker that dies while running a
 * point (an uncaught error, process.exit, out of memory) fails that point and is replaced.
 */
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../../errors.js';
import type { PointOutcome } from './execute.js';
import type { SweepPoint } from './points.js';
import type { FromWorker, ToWorker, WorkerStartData } from './protocol.js';

export interface PoolOptions {
  /** Number of worker threads (at most the number of points). */
  workers: number;
  /** Module URLs every worker imports for its point kinds. */
  modules: string[];
  signal?: AbortSignal;
  onOutcome: (point: SweepPoint, outcome: PointOutcome) => void;
  /** What a running point reported through ctx.progress, as it arrives. */
  onProgress?: (point: SweepPoint, info: unknown) => void;
  /** A point handed to a worker. */
  onStart?: (point: SweepPoint) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  busy: { point: SweepPoint; started: number } | null;
  ended: boolean;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

export function runOnWorkers(points: readonly SweepPoint[], opts: PoolOptions): Promise<void> {
  return new Promise<void>((resolvePool, rejectPool) => {
    const slots = new Set<Slot>();
    let next = 0;
    let stopping = opts.signal?.aborted ?? false;
    let failure: unknown;

    const finish = (): void => {
      if (slots.size > 0) return;
      opts.signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) rejectPool(failure);
      else resolvePool();
    };
    const fail = (e: unknown): void => {
      if (failure === undefined) failure = e;
      stopping = true;
      for (const s of slots) void s.worker.terminate();
    };
    const deliver = (point: SweepPoint, outcome: PointOutcome): void => {
      try {
        opts.onOutcome(point, outcome);
      } catch (e) {
        fail(e);
      }
    };
    const dispatch = (s: Slot): void => {
      if (stopping || next >= points.length) {
        void s.worker.terminate();
        return;
      }
      const point = points[next++];
      s.busy = { point, started: performance.now() };
      opts.onStart?.(point);
      const m: ToWorker = { type: 'run', point };
      s.worker.postMessage(m);
    };
    const start = (): void => {
      const worker = new Worker(WORKER_URL, { workerData: { modules: opts.modules } satisfies WorkerStartData });
      const s: Slot = { worker, ready: false, busy: null, ended: false };
      slots.add(s);
      const lost = (why: string): void => {
        const b = s.busy;
        s.busy = null;
        if (b === null) return;
        const seconds = Math.round(performance.now() - b.started) / 1000;
        deliver(b.point, { error: `the worker thread running this point died: ${why}`, seconds, abandoned: stopping });
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          s.ready = true;
          dispatch(s);
        } else if (m.type === 'failed') {
          fail(new ConfigError(`a worker thread could not start: ${m.message}`));
        } else if (m.type === 'progress') {
          if (s.busy !== null && s.busy.point.id === m.id) {
            const { point } = s.busy;
            try {
              opts.onProgress?.(point, m.info);
            } catch (e) {
              fail(e);
            }
          }
        } else if (s.busy !== null && s.busy.point.id === m.id) {
          const { point } = s.busy;
          s.busy = null;
          deliver(point, m.outcome);
          dispatch(s);
        }
      });
      worker.on('error', (e: unknown) => {
        if (!s.ready) fail(new ConfigError(`a worker thread failed while starting: ${e instanceof Error ? e.message : String(e)}`));
        else lost(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      });
      worker.on('exit', (code) => {
        s.ended = true;
        lost(`it exited with code ${code}`);
        slots.delete(s);
        if (!s.ready && failure === undefined && !stopping) fail(new ConfigError(`a worker thread exited (code ${code}) before it was ready`));
        else if (!stopping && next < points.length && failure === undefined) start();
        finish();
      });
    };
    function onAbort(): void {
      stopping = true;
      for (const s of slots) {
        if (s.busy !== null) s.worker.postMessage({ type: 'abort' } satisfies ToWorker);
        else if (s.ready) void s.worker.terminate();
      }
    }
    opts.signal?.addEventListener('abort', onAbort);
    const n = Math.max(1, Math.min(opts.workers, points.length));
    if (points.length === 0 || stopping) {
      finish();
      return;
    }
    for (let i = 0; i < n; i++) start();
  });
}
