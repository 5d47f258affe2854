/**
 * A worker thread of `overparam reproduce`: runs the units it is sent (a claim group at one seed, so
 * the training runs the group's claims share are computed once) and posts progress and results back.
 * Its BLAS runs on one thread, whatever the number of workers: parallelism comes from the workers, and
 * a threaded BLAS would sum in an order that depends on its threads, so the numbers of a (claim, seed)
 * would depend on -w.
 */
import { parentPort } from 'node:worker_threads';
import { backend } from '../linalg/registry.js';
import type { NativeLinalgBackend } from '../linalg/backends/native.js';
import { ALL_CLAIMS } from './claims/index.js';
import type { FromClaimWorker, ToClaimWorker } from './claimProtocol.js';
import { runClaims } from './runClaims.js';

const port = parentPort;
if (port === null) throw new Error('claimWorker runs only as a worker thread');
const blas = backend() as Partial<NativeLinalgBackend>;
if (typeof blas.setThreads === 'function') blas.setThreads(1);
const controller = new AbortController();
const post = (m: FromClaimWorker): void => port.postMessage(m);

port.on('message', (m: ToClaimWorker) => {
  if (m.type === 'stop') {
    controller.abort();
    return;
  }
  const seed = m.seed;
  const claims = m.ids.map((id) => ALL_CLAIMS.find((c) => c.id === id)!).filter(Boolean);
  void runClaims(claims, {
    scale: m.scale, seed, signal: controller.signal,
    onClaimStart: (c) => post({ type: 'start', id: c.id, seed }),
    onClaimProgress: (c, done, total) => post({ type: 'progress', id: c.id, seed, done, total }),
    onClaimDone: (result) => post({ type: 'done', seed, result }),
  }).then(() => post({ type: 'idle' }));
});
post({ type: 'idle' });
