/**
 * Training sets for `overparam train` and the sweep kind `train`: a data file (inputs and targets) or one of
 * the papers' synthetic sets, shaped for the model (features per example, outputs per example). Errors
 * name the setting as the caller spells it (`--synthetic` on the command line, `params.data` in a spec).
 */
import { ConfigError, ShapeError } from '../errors.js';
import { Matrix } from '../linalg/matrix.js';
import type { Rng } from '../linalg/random/rng.js';
import { loadDataset } from '../data/loaders.js';
import { du2019Data } from '../data/du2019.js';
import { zou2018Data } from '../data/zou2018.js';
import { threeClusters } from '../data/liu2020.js';
import { teacherStudentData } from '../data/chen2018.js';
import { rnnSequences } from '../data/allenzhu2019.js';
import type { Network } from '../nn/network.js';
import { featureSize } from '../nn/shape.js';

export const SYNTHETIC_SETS = ['sphere', 'zou2018', 'three-clusters', 'teacher', 'rnn'] as const;
export type SyntheticSet = (typeof SYNTHETIC_SETS)[number];

export interface TrainingData {
  name: string;
  x: Matrix;
  y: Matrix;
  meta: Record<string, unknown>;
}

export interface TrainingDataOptions {
  data?: string;
  labelColumns?: string;
  synthetic?: string;
  n: number;
  net: Network;
  /** A fresh network of the same architecture (the chen2018 teacher). */
  makeTeacher: () => Network;
  rng: Rng;
  phi?: number;
  /** How errors name the settings (default: the CLI's flags). */
  names?: { data: string; synthetic: string };
}

export function loadTrainingData(o: TrainingDataOptions): TrainingData {
  const features = featureSize(o.net.inShape);
  const names = o.names ?? { data: '--data', synthetic: '--synthetic' };
  const C = o.net.outputs;
  if (o.data && o.synthetic) throw new ConfigError(`give either ${names.data} or ${names.synthetic}, not both`);
  if (o.data) {
    const ds = loadDataset(o.data, o.labelColumns ? { labelColumns: o.labelColumns } : {});
    if (ds.x.cols !== features) throw new ShapeError(`${o.data}: ${ds.x.cols} input columns, but the model takes ${features} features per example`);
    if (ds.y.cols !== C) throw new ShapeError(`${o.data}: ${ds.y.cols} target columns, but the model has ${C} outputs (choose them with --label-columns)`);
    return { name: ds.name, x: ds.x, y: ds.y, meta: { ...ds.meta, source: o.data } };
  }
  const set = o.synthetic ?? 'sphere';
  if (!(SYNTHETIC_SETS as readonly string[]).includes(set)) {
    throw new ConfigError(`${names.synthetic} must be one of ${SYNTHETIC_SETS.join(', ')}; got "${set}"`);
  }
  checkSyntheticFits(set as SyntheticSet, o.net, names.synthetic);
  switch (set as SyntheticSet) {
    case 'sphere': {
      // du2019: unit-norm inputs (a map's rows normalized as a whole), targets N(0, 1).
      const ds = du2019Data({ n: o.n, d: features, rng: o.rng });
      const y = C === 1 ? ds.y : new Matrix(o.n, C, o.rng.fold('targets').fillNormal(new Float64Array(o.n * C)));
      return { name: 'sphere', x: ds.x, y, meta: ds.meta };
    }
    case 'zou2018': {
      const ds = zou2018Data({ n: o.n, d: features, rng: o.rng, phi: o.phi });
      return { name: ds.name, x: ds.x, y: ds.y, meta: ds.meta };
    }
    case 'three-clusters': {
      const ds = threeClusters({ n: o.n, rng: o.rng });
      return { name: ds.name, x: ds.x, y: ds.y, meta: ds.meta };
    }
    case 'teacher': {
      const teacher = o.makeTeacher();
      const tp = teacher.init(o.rng.fold('teacher'));
      const ds = teacherStudentData({ n: o.n, d: features, rng: o.rng, teacher: (x) => teacher.forward(tp, x) });
      return { name: ds.name, x: ds.x, y: ds.y, meta: ds.meta };
    }
    case 'rnn': {
      const shape = o.net.inShape;
      const L = shape.spatial[0];
      const d = C / L;
      const ds = rnnSequences({ n: o.n, L, dx: shape.channels, d, rng: o.rng });
      const x = new Matrix(o.n, L * shape.channels);
      const y = new Matrix(o.n, L * d);
      for (let l = 0; l < L; l++) {
        for (let i = 0; i < o.n; i++) {
          x.data.set(ds.x[l].row(i), i * x.cols + l * shape.channels);
          y.data.set(ds.y[l].row(i), i * y.cols + l * d);
        }
      }
      return { name: ds.name, x, y, meta: ds.meta };
    }
  }
}

/**
 * Refuses a synthetic set the network cannot take (the wrong input shape or output count), naming the setting
 * (`flag`); needs only the network, so a spec is checked before any point runs.
 */
export function checkSyntheticFits(set: SyntheticSet, net: Network, flag: string): void {
  const features = featureSize(net.inShape);
  const C = net.outputs;
  const vectorInput = net.inShape.spatial.length === 0;
  const need = (what: string, ok: boolean): void => {
    if (!ok) throw new ConfigError(`${flag} ${set} needs ${what}; ${net.name} does not fit`);
  };
  if (set === 'zou2018') need('a vector input and one output', vectorInput && C === 1);
  if (set === 'three-clusters') need('a scalar input and three outputs (liu2020 App. C)', vectorInput && features === 1 && C === 3);
  if (set === 'rnn') {
    need('a sequence input (allenzhu2019 preset)', net.inShape.spatial.length === 1);
    need('outputs at every step', Number.isInteger(C / net.inShape.spatial[0]));
  }
}
