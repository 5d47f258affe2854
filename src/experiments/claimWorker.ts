/**
 * A worker thread of `overparam reproduce`: runs the claims it is sent (whole papers at a time, so the
 * training runs a paper's claims share are computed once) and posts progress and results back. Its
 * BLAS runs on one thread; parallelism comes from the workers.
 */
import { parentPort } from 'node:worker_threads';
import { backend } from '../linalg/registry.js';
import type { NativeLinalgBackend } from '../linalg/backends/native.js';
import { ALL_CLAIMS } from './claims/index.js';
import type { ClaimResult, Scale } from './claims/claim.js';
import { runClaims } from './reproduce.js';

export type ToClaimWorker = { type: 'run'; ids: string[]; scale: Scale; seed: number } | { type: 'stop' };
export type FromClaimWorker =
  | { type: 'start'; id: string }
  | { type: 'progress'; id: string; done: number; total: number }
  | { type: 'done'; result: ClaimResult }
  | { type: 'idle' };

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
  const claims = m.ids.map((id) => ALL_CLAIMS.find((c) => c.id === id)!).filter(Boolean);
  void runClaims(claims, {
    scale: m.scale, seed: m.seed, signal: controller.signal,
    onClaimStart: (c) => post({ type: 'start', id: c.id }),
    onClaimProgress: (c, done, total) => post({ type: 'progress', id: c.id, done, total }),
    onClaimDone: (result) => post({ type: 'done', result }),
  }).then(() => post({ type: 'idle' }));
});
post({ type: 'idle' });
