/**
 * The worker thread of a sweep: imports the point-kind modules named in its start data (each worker has
 * its own registry), says it is ready, then runs the points it is sent, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, executePoint } from './execute.js';
import { loadPointModules } from './modules.js';
import type { FromWorker, ToWorker, WorkerStartData } from './protocol.js';
import { backend } from '../../linalg/registry.js';
import type { NativeLinalgBackend } from '../../linalg/backends/native.js';

const port = parentPort;
if (port === null) throw new Error('experiments/runner/worker.js runs only as a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);

// Parallelism comes from the workers: each runs its BLAS calls on one thread (the OpenBLAS thread count
// is process-wide, so this also stops k workers × all-core BLAS from oversubscribing the machine).
const blas = backend() as Partial<NativeLinalgBackend>;
if (typeof blas.setThreads === 'function') blas.setThreads(1);

let controller = new AbortController();
try {
  await loadPointModules((workerData as WorkerStartData).modules);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'abort') {
      controller.abort();
      return;
    }
    if (controller.signal.aborted) controller = new AbortController();
    const id = m.point.id;
    void executePoint(m.point, controller.signal, (info) => post({ type: 'progress', id, info })).then((outcome) => post({ type: 'done', id, outcome }));
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'failed', message: errorMessage(e) });
}
