/** The messages between `overparam reproduce` (reproduce.ts) and its worker threads (claimWorker.ts). */
import type { ClaimResult, Scale } from './claims/claim.js';

export type ToClaimWorker = { type: 'run'; ids: string[]; scale: Scale; seed: number } | { type: 'stop' };
export type FromClaimWorker =
  | { type: 'start'; id: string; seed: number }
  | { type: 'progress'; id: string; seed: number; done: number; total: number }
  | { type: 'done'; seed: number; result: ClaimResult }
  | { type: 'idle' };
