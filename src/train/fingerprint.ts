/**
 * What determines a training trajectory, so that a resumed run can be checked to be the same run: the
 * model spec, the training data (a SHA-256 of its Float64 inputs and targets, with their shapes), the
 * loss and its reduction, the optimizer (batch size, sampling), the learning rate and the seed. The step
 * budget, the target loss, the probes and the record interval are not in it: they decide where the run
 * stops and what is measured along it, not where it goes.
 */
import { createHash } from 'node:crypto';
import type { Matrix } from '../linalg/matrix.js';
import type { LossSpec } from './losses.js';
import type { OptimizerSpec } from './schedule.js';

export interface RunFingerprint {
  model: unknown;
  seed: number;
  data: { n: number; features: number; outputs: number; sha256: string };
  loss: LossSpec;
  optimizer: OptimizerSpec;
  learningRate: number;
  /** How the learning rate was given (e.g. "0.1", "0.5/m = 0.0625"); for messages only. */
  learningRateRule: string;
}

/** SHA-256 of the shapes and the little-endian Float64 bytes of inputs and targets. */
export function dataSha256(x: Matrix, y: Matrix): string {
  const h = createHash('sha256');
  h.update(`${x.rows}x${x.cols};${y.rows}x${y.cols};`);
  for (const m of [x, y]) {
    const bytes = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) h.update(bytes);
    else h.update(Buffer.from(Float64Array.from(m.data).reverse().buffer).reverse()); // to little-endian
  }
  return h.digest('hex');
}

/** Canonical JSON (object keys sorted), for comparing specs whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function sgd(o: OptimizerSpec): { batch?: number; sampling?: string } {
  return o.kind === 'sgd' ? { batch: o.batchSize, sampling: o.sampling ?? 'without-replacement' } : {};
}

/**
 * The first setting in which `got` differs from the run's (`was`), as "the run used --lr 0.1; got 0.2";
 * undefined when they agree. Settings missing from `was` (a summary of an older version) are not compared.
 */
export function fingerprintMismatch(was: Partial<RunFingerprint>, got: RunFingerprint): string | undefined {
  if (was.model !== undefined && canonical(was.model) !== canonical(got.model)) return 'the run used another model spec (--model)';
  if (was.seed !== undefined && was.seed !== got.seed) return `the run used --seed ${was.seed}; got ${got.seed}`;
  const d = was.data;
  if (d?.n !== undefined && d.n !== got.data.n) return `the run had ${d.n} examples; got ${got.data.n}`;
  if (d?.sha256 !== undefined && d.sha256 !== got.data.sha256) {
    return `the run was trained on other data (inputs and targets with SHA-256 ${d.sha256.slice(0, 12)}…); got ${got.data.sha256.slice(0, 12)}… (--data, --label-columns, --synthetic, --phi)`;
  }
  if (was.optimizer !== undefined) {
    if (was.optimizer.kind !== got.optimizer.kind) return `the run used --optimizer ${was.optimizer.kind}; got ${got.optimizer.kind}`;
    const a = sgd(was.optimizer);
    const b = sgd(got.optimizer);
    if (a.batch !== b.batch) return `the run used --batch ${a.batch}; got ${b.batch}`;
    if (a.sampling !== b.sampling) return `the run used --sampling ${a.sampling}; got ${b.sampling}`;
  }
  if (was.loss !== undefined) {
    if (was.loss.name !== got.loss.name) return `the run used --loss ${was.loss.name}; got ${got.loss.name}`;
    const ra = was.loss.reduction ?? 'sum';
    const rb = got.loss.reduction ?? 'sum';
    if (ra !== rb) return `the run used --reduction ${ra}; got ${rb}`;
    if (canonical(was.loss) !== canonical(got.loss)) return `the run used the loss ${canonical(was.loss)}; got ${canonical(got.loss)}`;
  }
  if (was.learningRate !== undefined && was.learningRate !== got.learningRate) {
    const a = was.learningRateRule ?? String(was.learningRate);
    const b = got.learningRateRule;
    const plain = (r: string): boolean => Number.isFinite(Number(r));
    if (plain(a) && plain(b)) return `the run used --lr ${a}; got ${b}`;
    return `the run used ${plain(a) ? `--lr ${a}` : `η = ${a}`}; got ${plain(b) ? `--lr ${b}` : `η = ${b}`}`;
  }
  return undefined;
}
