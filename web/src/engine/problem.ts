/**
 * A playground configuration turned into a training problem with the library's own pieces: the
 * paper's network (models/), its data set (data/), its loss (train/losses) and the step size
 * η = c/(κ·λ_max(G(0))) (train/stepSize, du2019 Sec 8), so one learning-rate control means the same
 * thing at every width and for every preset.
 */
import { Matrix } from '../../../src/linalg/matrix.js';
import { Rng } from '../../../src/linalg/random/rng.js';
import { du2019Data } from '../../../src/data/du2019.js';
import { zou2018Data } from '../../../src/data/zou2018.js';
import { threeClusters } from '../../../src/data/liu2020.js';
import { rnnSequences } from '../../../src/data/allenzhu2019.js';
import { circles, twoMoons, xor } from '../../../src/data/toy2d.js';
import { embedOnSphere, type SphereEmbedding } from '../../../src/data/geometry.js';
import { du2019FC, du2019ResNet } from '../../../src/models/du2019.js';
import { liu2020FC } from '../../../src/models/liu2020.js';
import { zou2018 } from '../../../src/models/zou2018.js';
import { allenZhu2019 } from '../../../src/models/allenzhu2019.js';
import type { Network } from '../../../src/nn/network.js';
import { makeLoss, type Loss, type LossSpec } from '../../../src/train/losses.js';
import { lambdaMaxStepSize } from '../../../src/train/stepSize.js';
import type { PlaygroundConfig } from '../config.js';

/** The 2-D plane of a toy data set, for drawing the decision boundary. */
export interface Plane {
  /** The raw 2-D points (n × 2) and their ±1 labels. */
  points: Matrix;
  labels: Float64Array;
  /** Maps raw 2-D points to the network's inputs (the same sphere embedding as the data). */
  embed(p: Matrix): Matrix;
}

export type OutputKind = 'regression' | 'binary' | 'classes' | 'sequence';

export interface Problem {
  config: PlaygroundConfig;
  net: Network;
  params0: Float64Array;
  x: Matrix;
  y: Matrix;
  loss: Loss;
  /** The absolute step size η = c/(κ·λ_max(G(0))). */
  eta: number;
  output: OutputKind;
  plane: Plane | null;
  /** RNN token dimension d_x and output dimension d (null for vector models). */
  sequence: { length: number; dx: number; d: number } | null;
}

const TOY = { moons: twoMoons, circles, xor } as const;

/** allenzhu2019 token and label dimensions used by the playground (theory note: d_x 4..8, d ∈ {1, 2}). */
const RNN_DX = 4;
const RNN_D = 1;
/** zou2018 data dimension for its own set, and μ (A3.4). */
const ZOU_D = 10;
const ZOU_MU = 0.5;
/** du2019 sphere data dimension. */
const SPHERE_D = 4;

function oneHotFromSigns(labels: Float64Array): Matrix {
  const y = new Matrix(labels.length, 2);
  for (let i = 0; i < labels.length; i++) y.data[i * 2 + (labels[i] > 0 ? 0 : 1)] = 1;
  return y;
}

function rnnInputs(cfg: PlaygroundConfig, rng: Rng): { x: Matrix; y: Matrix } {
  const L = cfg.depth;
  const ds = rnnSequences({ n: cfg.n, L, dx: RNN_DX, d: RNN_D, rng });
  // Sequences as rows: token l occupies columns l·d_x … (l+1)·d_x − 1 (the network's inShape).
  const x = new Matrix(cfg.n, L * RNN_DX);
  const y = new Matrix(cfg.n, L * RNN_D);
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < cfg.n; i++) {
      x.data.set(ds.x[l].row(i), i * x.cols + l * RNN_DX);
      y.data.set(ds.y[l].row(i), i * y.cols + l * RNN_D);
    }
  }
  return { x, y };
}

/**
 * The toy points reordered by label, then by angle around the origin, so the kernel heatmaps show
 * block structure (full-batch GD does not depend on the order).
 */
function byClassAndAngle(ds: { x: Matrix; y: Matrix }): { x: Matrix; y: Matrix } {
  const n = ds.x.rows;
  const key = (i: number): [number, number] => [-ds.y.data[i], Math.atan2(ds.x.data[2 * i + 1], ds.x.data[2 * i])];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const [la, ta] = key(a);
    const [lb, tb] = key(b);
    return la - lb || ta - tb;
  });
  const x = new Matrix(n, 2);
  const y = new Matrix(n, 1);
  order.forEach((i, k) => {
    x.data.set(ds.x.row(i), 2 * k);
    y.data[k] = ds.y.data[i];
  });
  return { x, y };
}

export function buildProblem(cfg: PlaygroundConfig): Problem {
  const root = Rng.fromSeed(cfg.seed);
  const dataRng = root.fold('data', cfg.data);
  const preset = cfg.preset;
  const classes = preset.startsWith('liu2020');
  let x: Matrix;
  let y: Matrix;
  let plane: Plane | null = null;
  let output: OutputKind;
  let sequence: Problem['sequence'] = null;

  if (cfg.data === 'moons' || cfg.data === 'circles' || cfg.data === 'xor') {
    const raw = byClassAndAngle(TOY[cfg.data]({ n: cfg.n, rng: dataRng }));
    const embedding: SphereEmbedding = preset === 'zou2018' ? { mu: ZOU_MU } : {};
    const labels = raw.y.data.slice();
    x = embedOnSphere(raw.x, embedding);
    y = classes ? oneHotFromSigns(labels) : raw.y;
    plane = { points: raw.x, labels, embed: (p) => embedOnSphere(p, embedding) };
    output = classes ? 'classes' : preset === 'zou2018' ? 'binary' : 'regression';
  } else if (cfg.data === 'sphere') {
    const ds = du2019Data({ n: cfg.n, d: SPHERE_D, rng: dataRng });
    x = ds.x;
    y = ds.y;
    output = 'regression';
  } else if (cfg.data === 'zou2018') {
    const ds = zou2018Data({ n: cfg.n, d: ZOU_D, mu: ZOU_MU, rng: dataRng });
    x = ds.x;
    y = ds.y;
    output = 'binary';
  } else if (cfg.data === 'three-clusters') {
    const ds = threeClusters({ n: cfg.n, rng: dataRng });
    x = ds.x;
    y = ds.y;
    output = 'classes';
  } else {
    ({ x, y } = rnnInputs(cfg, dataRng));
    output = 'sequence';
    sequence = { length: cfg.depth, dx: RNN_DX, d: RNN_D };
  }

  const d = x.cols;
  const act = { name: cfg.activation };
  let net: Network;
  let lossSpec: LossSpec;
  switch (preset) {
    case 'du2019-fc':
      net = du2019FC({ inputDim: d, width: cfg.width, depth: cfg.depth, activation: act });
      lossSpec = { name: 'square', reduction: 'sum' };
      break;
    case 'du2019-resnet':
      net = du2019ResNet({ inputDim: d, width: cfg.width, depth: cfg.depth, activation: act });
      lossSpec = { name: 'square', reduction: 'sum' };
      break;
    case 'liu2020-linear':
    case 'liu2020-softmax': {
      const head = preset === 'liu2020-softmax' ? 'softmax' : 'linear';
      net = liu2020FC({ inputDim: d, width: cfg.width, depth: cfg.depth, outputs: y.cols, activation: act, head });
      lossSpec = head === 'softmax' ? { name: 'nll' } : { name: 'square', reduction: 'sum' };
      break;
    }
    case 'zou2018':
      net = zou2018({ inputDim: d, width: cfg.width, depth: cfg.depth });
      lossSpec = { name: 'logistic' };
      break;
    case 'allenzhu2019-rnn':
      net = allenZhu2019({ inputDim: RNN_DX, length: cfg.depth, width: cfg.width, outputs: RNN_D });
      // allenzhu2019 Sec 2: f = ½Σ_i Σ_{l≥2}‖B h_{i,l} − y*_{i,l}‖² (the first step does not depend on W).
      lossSpec = { name: 'square', reduction: 'sum', weights: Array.from({ length: net.outputs }, (_, k) => (k < RNN_D ? 0 : 1)) };
      break;
  }
  const loss = makeLoss(lossSpec);
  const params0 = net.init(root.fold('init', cfg.width));
  const eta = lambdaMaxStepSize(net, params0, x, loss, cfg.lr);
  return { config: cfg, net, params0, x, y, loss, eta, output, plane, sequence };
}
