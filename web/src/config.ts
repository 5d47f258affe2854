/**
 * The playground's configuration and its URL form (after tensorflow/playground's state.ts): every
 * control is one query parameter, so a link reproduces a run. Parsing never throws: a value that is
 * unknown, malformed or out of range falls back to its default and leaves a notice that the page shows.
 */

/** The papers' networks offered in the playground. */
export const PRESETS = ['du2019-fc', 'du2019-resnet', 'liu2020-linear', 'liu2020-softmax', 'zou2018', 'allenzhu2019-rnn'] as const;
export type PresetId = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<PresetId, string> = {
  'du2019-fc': 'du2019 fully connected (square loss)',
  'du2019-resnet': 'du2019 ResNet (square loss)',
  'liu2020-linear': 'liu2020 FC, linear output (square loss)',
  'liu2020-softmax': 'liu2020 FC, softmax output (cross-entropy)',
  zou2018: 'zou2018 deep ReLU classifier (logistic loss)',
  'allenzhu2019-rnn': 'allenzhu2019 Elman RNN (square loss)',
};

/** The papers' synthetic sets plus three 2-D sets whose decision boundary can be drawn. */
export const DATASETS = ['moons', 'circles', 'xor', 'sphere', 'three-clusters', 'zou2018', 'rnn'] as const;
export type DatasetId = (typeof DATASETS)[number];

export const DATASET_LABELS: Record<DatasetId, string> = {
  moons: 'two moons (2-D)',
  circles: 'circles (2-D)',
  xor: 'XOR (2-D)',
  sphere: 'unit sphere, Gaussian targets (du2019)',
  'three-clusters': 'three clusters (liu2020 App. C)',
  zou2018: 'separated sphere points (zou2018)',
  rnn: 'sequences (allenzhu2019)',
};

/** Which data sets each preset can train on (its first is its default). */
export const PRESET_DATASETS: Record<PresetId, readonly DatasetId[]> = {
  'du2019-fc': ['moons', 'circles', 'xor', 'sphere'],
  'du2019-resnet': ['moons', 'circles', 'xor', 'sphere'],
  'liu2020-linear': ['moons', 'circles', 'xor', 'three-clusters'],
  'liu2020-softmax': ['moons', 'circles', 'xor', 'three-clusters'],
  zou2018: ['moons', 'circles', 'xor', 'zou2018'],
  'allenzhu2019-rnn': ['rnn'],
};

/** Activations offered (the ReLU presets, zou2018 and allenzhu2019, fix theirs). */
export const ACTIVATIONS = ['softplus', 'tanh', 'erf', 'sigmoid', 'swish', 'relu'] as const;
export type ActivationId = (typeof ACTIVATIONS)[number];

/**
 * The activation each preset starts with. du2019 asks for an analytic, non-polynomial σ (Cond 3.1):
 * tanh for the FC network, the default view (see DEFAULT_CONFIG), softplus for the ResNet.
 */
export const PRESET_ACTIVATION: Record<PresetId, ActivationId | null> = {
  'du2019-fc': 'tanh',
  'du2019-resnet': 'softplus',
  'liu2020-linear': 'tanh',
  'liu2020-softmax': 'tanh',
  zou2018: null,
  'allenzhu2019-rnn': null,
};

export interface PlaygroundConfig {
  preset: PresetId;
  /** Hidden width m. */
  width: number;
  /** Hidden layers (H or L); for the RNN, the sequence length L. */
  depth: number;
  activation: ActivationId;
  data: DatasetId;
  /** Training points n. */
  n: number;
  /** c in η = c/(κ·λ_max(G(0))): GD is stable for c < 2 on the linearized model. */
  lr: number;
  seed: number;
}

/**
 * What a newcomer sees first: every view must have something to show. A smooth activation's kernel on
 * 2-D points has eigenvalues that fall off fast with n: with softplus on 64 moons G(0) is singular to
 * working precision (λ_min ≈ 1e−15 against λ_max ≈ 80), so the λ_min chart would stay empty. tanh on 16
 * points keeps λ_min(G(0)) ≈ 7e−4 (seed 0), and GD brings the loss from 21.8 to 0.16 in
 * 200 steps (mostly along G's large eigendirections; du2019 Thm 5.1's worst-case rate η·λ_min/2 is far slower).
 */
export const DEFAULT_CONFIG: PlaygroundConfig = {
  preset: 'du2019-fc',
  width: 512,
  depth: 2,
  activation: 'tanh',
  data: 'moons',
  n: 16,
  lr: 0.5,
  seed: 0,
};

/** Ranges of the numeric controls (inclusive). */
export const LIMITS = {
  width: { min: 16, max: 4096 },
  depth: { min: 1, max: 8 },
  n: { min: 4, max: 256 },
  lr: { min: 0.01, max: 1.99 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

/** The smallest depth each preset accepts (du2019's ResNet has H ≥ 2; the RNN's L ≥ 2). */
export function minDepth(preset: PresetId): number {
  return preset === 'du2019-resnet' || preset === 'allenzhu2019-rnn' ? 2 : 1;
}

const KEYS: Record<keyof PlaygroundConfig, string> = {
  preset: 'preset',
  width: 'width',
  depth: 'depth',
  activation: 'act',
  data: 'data',
  n: 'n',
  lr: 'lr',
  seed: 'seed',
};

export interface ParsedConfig {
  config: PlaygroundConfig;
  /** One sentence per value that was replaced by a default. */
  notices: string[];
}

function member<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v);
}

/**
 * Makes a configuration consistent: a data set or activation the preset cannot use, a depth below the
 * preset's minimum, an odd width for zou2018's balanced output. Each change adds a notice.
 */
export function reconcile(c: PlaygroundConfig, notices: string[] = []): ParsedConfig {
  const out = { ...c };
  const sets = PRESET_DATASETS[out.preset];
  if (!member(sets, out.data)) {
    notices.push(`the ${out.preset} preset cannot train on "${out.data}"; using "${sets[0]}"`);
    out.data = sets[0];
  }
  const act = PRESET_ACTIVATION[out.preset];
  // zou2018 and allenzhu2019 are ReLU networks by definition. (ReLU in du2019 is allowed but lies
  // outside its Cond 3.1, which asks for an analytic activation.)
  if (act === null) out.activation = 'relu';
  const lo = minDepth(out.preset);
  if (out.depth < lo) {
    notices.push(`${out.preset} needs depth ≥ ${lo}; using ${lo}`);
    out.depth = lo;
  }
  if (out.preset === 'zou2018' && out.width % 2 !== 0) {
    notices.push(`zou2018's output layer needs an even width; using ${out.width + 1}`);
    out.width += 1;
  }
  return { config: out, notices };
}

/** Reads a configuration from a query string (e.g. location.search); never throws. */
export function parseConfig(query: string): ParsedConfig {
  const params = new URLSearchParams(query);
  const notices: string[] = [];
  const c: PlaygroundConfig = { ...DEFAULT_CONFIG };
  const known = new Set(Object.values(KEYS));
  for (const k of params.keys()) if (!known.has(k)) notices.push(`unknown setting "${k}" ignored`);

  const text = (key: keyof PlaygroundConfig): string | null => params.get(KEYS[key]);
  const choice = <T extends string>(key: keyof PlaygroundConfig, list: readonly T[], fallback: T): T => {
    const v = text(key);
    if (v === null) return fallback;
    if (member(list, v)) return v;
    notices.push(`unknown ${key} "${v}" (allowed: ${list.join(', ')}); using "${fallback}"`);
    return fallback;
  };
  const num = (key: 'width' | 'depth' | 'n' | 'lr' | 'seed', integer: boolean): number => {
    const v = text(key);
    const fallback = DEFAULT_CONFIG[key];
    if (v === null) return fallback;
    const x = v.trim() === '' ? NaN : Number(v);
    const { min, max } = LIMITS[key];
    if (!Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      notices.push(`${key} "${v}" is not ${integer ? 'an integer' : 'a number'}; using ${fallback}`);
      return fallback;
    }
    if (x < min || x > max) {
      notices.push(`${key} ${v} is out of range (${min}–${max}); using ${fallback}`);
      return fallback;
    }
    return x;
  };

  c.preset = choice('preset', PRESETS, DEFAULT_CONFIG.preset);
  const presetAct = PRESET_ACTIVATION[c.preset];
  c.activation = choice('activation', ACTIVATIONS, presetAct ?? 'relu');
  c.data = choice('data', DATASETS, PRESET_DATASETS[c.preset][0]);
  c.width = num('width', true);
  c.depth = num('depth', true);
  c.n = num('n', true);
  c.lr = num('lr', false);
  c.seed = num('seed', true);
  return reconcile(c, notices);
}

/** The query string of a configuration (parseConfig(configToQuery(c)) gives c back, with no notices). */
export function configToQuery(c: PlaygroundConfig): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(KEYS) as (keyof PlaygroundConfig)[]) params.set(KEYS[key], String(c[key]));
  return `?${params.toString()}`;
}

/** Widths of a log-scale slider: 2^(position/4), rounded to an even integer, within LIMITS. */
export function widthFromSlider(position: number): number {
  const w = Math.round(2 ** (position / 4) / 2) * 2;
  return Math.min(LIMITS.width.max, Math.max(LIMITS.width.min, w));
}

/** The slider position closest to a width (inverse of widthFromSlider up to rounding). */
export function sliderFromWidth(width: number): number {
  return Math.round(4 * Math.log2(width));
}
