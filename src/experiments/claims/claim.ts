/**
 * Claims are data plus a check (DESIGN.md): each names its paper and theorem, the prediction, the
 * experiment that measures it, the statistic and its tolerance, and returns a verdict computed from the
 * measurement — holds, fails or inconclusive — with the measured figure, its uncertainty and the data
 * behind the plot. Negative controls (where the theory stops holding) are claims too: they predict the
 * failure and hold when the failure is observed.
 */
import type { Rng } from '../../linalg/random/rng.js';
import type { VegaLiteSpec } from '../../plots/spec.js';
import type { JsonObject } from '../runner/json.js';
import type { Judgement } from '../statistics.js';

export type PaperKey = 'chen2018' | 'zou2018' | 'du2019' | 'liu2020' | 'allenzhu2019';
export const PAPERS: readonly PaperKey[] = ['chen2018', 'zou2018', 'du2019', 'liu2020', 'allenzhu2019'];

export const PAPER_TITLES: Record<PaperKey, string> = {
  chen2018: 'Chen et al. 2018 — network width, gradient diversity and large-batch training',
  zou2018: 'Zou, Cao, Zhou, Gu 2018 — (S)GD optimizes over-parameterized deep ReLU networks',
  du2019: 'Du, Lee, Li, Wang, Zhai 2019 — gradient descent finds global minima of deep networks',
  liu2020: 'Liu, Zhu, Belkin 2020 — the tangent kernel is constant because the Hessian vanishes',
  allenzhu2019: 'Allen-Zhu, Li, Song 2019 — convergence rate of training recurrent neural networks',
};

export type Scale = 'quick' | 'full';

export interface ClaimContext {
  scale: Scale;
  /** The claim's own stream (rng.fold(claim id) of the run's seed). */
  rng: Rng;
  /**
   * The paper's stream (the run's seed folded with the paper key), from which the points of experiments
   * several claims of a paper share draw (e.g. kinds/du2019ResNetGd.ts).
   */
  shared: Rng;
  /** Reports progress within the claim (e.g. widths done). */
  progress(done: number, total: number): void;
  signal?: AbortSignal;
}

export type { VegaLiteSpec } from '../../plots/spec.js';

export interface ClaimOutcome extends Judgement {
  /** The measured figure in words, e.g. "slope −0.52, 95% CI [−0.58, −0.47]". */
  measured: string;
  /** Rows behind the plot and the JSON output. */
  data: Record<string, unknown>[];
  /** A Vega-Lite plot of `data` (its data values are filled in by the report). */
  plot?: VegaLiteSpec;
}

/**
 * The claim protocol (DESIGN.md "a verdict must be able to fail"): a claim states its prediction and,
 * beside it, its falsifier — the measurement that would make it fail — before anything runs. Its sizes
 * per scale are data, and the prose about the experiment is generated from the sizes it runs, so the
 * text can never disagree with the code.
 */
export interface Claim<S = unknown> {
  /** "<paper>.<short-name>" */
  id: string;
  paper: PaperKey;
  /** Theorem, lemma or section, e.g. "Thm 3.2 / Sec 3". */
  theorem: string;
  /** What the theory predicts, in words. */
  prediction: string;
  /** The measurement that would make the claim fail, in words (e.g. "a slope interval above −1/3"). */
  falsifier: string;
  /** The sizes it runs at each scale (widths, seeds, depths, steps, draws); run receives them. */
  sizes: Record<Scale, S>;
  /** The experiment that measures it, in words generated from the sizes it runs. */
  experiment: Bivariant<(sizes: S) => string>;
  /** The statistic and its tolerance, in words. */
  statistic: string;
  /** A negative control: the theory's assumptions are broken on purpose and the claim predicts failure. */
  negativeControl?: boolean;
  /** The experiment as code that runs in one piece (claims without a plan). */
  run?(ctx: ClaimContext, sizes: S): Promise<ClaimOutcome> | ClaimOutcome;
  /**
   * The experiment as data: the points it needs and the judge of their results (claims with a plan have
   * no run). Points are computed once however many claims need them, and `reproduce` shards them one by one.
   */
  plan?: ClaimPlan<S>;
}

/** A point a claim needs: a registered point kind and its parameters (the run's seed is added as params.seed). */
export interface PointRequest {
  kind: string;
  params: JsonObject;
}

/** What a judge receives beside the results. */
export interface JudgeContext {
  scale: Scale;
  seed: number;
  /** The claim's own stream, as ClaimContext.rng (for bootstrap resampling: rng.fold('bootstrap')). */
  rng: Rng;
}

/**
 * A claim as data (DESIGN.md "one engine"): `points(sizes)` lists the points of one seed's experiment, in a
 * fixed order, and `judge` turns their results — in that order, as recorded — into the outcome. The judge is
 * a pure function of the results and the claim's stream, so the verdict is rebuilt exactly from saved points
 * (`overparam report` of merged shards).
 */
export interface ClaimPlan<S> {
  points: Bivariant<(sizes: S) => PointRequest[]>;
  judge: Bivariant<(results: readonly JsonObject[], sizes: S, ctx: JudgeContext) => ClaimOutcome>;
}

/**
 * A function type checked bivariantly in its arguments (as methods are), so that a Claim<{ widths: number[] }>
 * is a Claim in the registry's list.
 */
type Bivariant<F extends (...args: never[]) => unknown> = { check(...args: Parameters<F>): ReturnType<F> }['check'];

/** The experiment's prose at a scale: generated from the claim's sizes there. */
export function experimentText(claim: Claim, scale: Scale): string {
  return claim.experiment(claim.sizes[scale]);
}

/** A claim's description (everything but run), its outcome, and how it was run. */
export interface ClaimResult extends Omit<Claim, 'run' | 'plan' | 'negativeControl' | 'experiment' | 'sizes' | 'falsifier'>, ClaimOutcome {
  /** The experiment in words, at the scale it ran. */
  experiment: string;
  falsifier: string;
  /** The sizes it ran at (JSON). */
  sizes?: unknown;
  negativeControl: boolean;
  scale: Scale;
  seconds: number;
  /** Set when the claim's experiment itself failed to run (the verdict is then inconclusive). */
  error?: string;
}
