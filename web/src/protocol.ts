/**
 * Messages between the page and the training worker. Everything crossing is plain data (structured
 * clone); matrices travel as row-major Float64Arrays with their size.
 */
import type { PlaygroundConfig } from './config.js';
import type { OutputKind } from './engine/problem.js';
import type { KernelPoint, StepPoint } from './engine/session.js';
import type { ComparisonProgress, WidthComparison } from './engine/widthComparison.js';

export type ToWorker =
  | { type: 'configure'; config: PlaygroundConfig }
  | { type: 'run' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'compare'; widths: number[]; steps: number }
  | { type: 'cancel-compare' };

/** The kernel-side views at one step. */
export interface SnapshotMessage extends KernelPoint {
  kernel: Float64Array;
  boundary: Float64Array | null;
  hiddenNorms: number[] | null;
}

export interface ProblemInfo {
  config: PlaygroundConfig;
  network: string;
  parameters: number;
  eta: number;
  n: number;
  output: OutputKind;
  kernel0: Float64Array;
  kernelInfinite: Float64Array | null;
  kernelInfiniteNote: string;
  lambdaMin0: number;
  /** Raw 2-D points, labels and the grid's box, for the decision boundary (null if not 2-D). */
  plane: { points: Float64Array; labels: Float64Array; size: number; xMin: number; xMax: number; yMin: number; yMax: number } | null;
  sequenceLength: number | null;
}

export type FromWorker =
  | { type: 'ready'; info: ProblemInfo; snapshot: SnapshotMessage; point: StepPoint }
  | { type: 'progress'; points: StepPoint[]; snapshot: SnapshotMessage | null; step: number; stepsPerSecond: number }
  /** The answer to 'pause': every slice trained before it has been reported, so the page may show the run as paused. */
  | { type: 'paused'; points: StepPoint[]; snapshot: SnapshotMessage | null; step: number }
  | { type: 'stopped'; step: number; message: string }
  | { type: 'error'; message: string }
  | { type: 'compare-progress'; progress: Omit<ComparisonProgress, 'runs'>; finished: WidthComparison['runs'] }
  | { type: 'compare-done'; result: WidthComparison | null; message: string };
