/** Messages between the sweep's main thread and its worker threads (worker.ts, pool.ts). */
import type { PointOutcome } from './execute.js';
import type { SweepPoint } from './points.js';

/** Given to each worker at start: the modules to import for their point-kind registrations. */
export interface WorkerStartData {
  modules: string[];
}

export type ToWorker =
  | { type: 'run'; point: SweepPoint }
  /** Abort the running point's ctx.signal (the sweep is stopping). */
  | { type: 'abort' };

export type FromWorker =
  | { type: 'ready' }
  /** The modules could not be imported: the worker cannot run anything. */
  | { type: 'failed'; message: string }
  | { type: 'done'; id: string; outcome: PointOutcome }
  /** What the running point reported through ctx.progress. */
  | { type: 'progress'; id: string; info: unknown };
