/** Inputs for CLI commands: a data file (with located errors) or a small synthetic set. */
import { ConfigError, ShapeError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import { loadDataset } from '../data/loaders.js';
import { unitSphere } from '../data/synthetic.js';
import { parseIntegerOption } from './run.js';

export const SYNTHETIC_INPUTS = ['sphere'] as const;

export function loadInputs(o: { data?: string; synthetic?: string; n?: string; features: number; rng: Rng; what: string; labelColumns?: string }): Matrix {
  if (o.data && o.synthetic) throw new ConfigError('give either --data or --synthetic, not both');
  if (o.synthetic !== undefined) {
    if (!(SYNTHETIC_INPUTS as readonly string[]).includes(o.synthetic)) {
      throw new ConfigError(`--synthetic must be one of ${SYNTHETIC_INPUTS.join(', ')}; got "${o.synthetic}"`);
    }
    const n = parseIntegerOption('--n', o.n ?? '16', 1);
    return unitSphere({ n, d: o.features, rng: o.rng });
  }
  if (!o.data) throw new ConfigError('give the inputs with --data <file> (CSV, JSON or .npy) or --synthetic sphere');
  // Every column is an input unless labelColumns names the ones to leave out; a JSON file's "y" is
  // never read (its "x" holds the inputs).
  const dropped = o.labelColumns !== undefined && o.labelColumns.trim() !== '';
  const ds = loadDataset(o.data, { labelColumns: dropped ? o.labelColumns : [] });
  if (ds.x.cols !== o.features) {
    const hint = dropped ? '' : ' (every column is an input; name the columns to leave out with --label-columns)';
    throw new ShapeError(`${o.data}: rows have ${ds.x.cols} values but the model takes ${o.features} input features per example${hint}`);
  }
  return ds.x;
}
