/**
 * Feature shapes. A batch of N examples is a Matrix with N rows; each row holds one example's features
 * in pixel-major order: spatial position outer, channel inner (index = pixel·channels + channel). Dense
 * features have no spatial dimensions; sequences (allenzhu2019) are 1-D "images" whose pixels are time
 * steps; convolutional feature maps (du2019, liu2020) have one or two spatial dimensions.
 */
import { ShapeError } from '../errors.js';

export interface FeatureShape {
  /** Channels (features per position). */
  readonly channels: number;
  /** Spatial extent: [] for vectors, [P] for 1-D maps and sequences, [H, W] for 2-D maps. */
  readonly spatial: readonly number[];
}

export function vectorShape(n: number): FeatureShape {
  return { channels: n, spatial: [] };
}

export function pixels(s: FeatureShape): number {
  return s.spatial.reduce((a, b) => a * b, 1);
}

/** Numbers per example. */
export function featureSize(s: FeatureShape): number {
  return pixels(s) * s.channels;
}

export function shapeString(s: FeatureShape): string {
  return s.spatial.length === 0 ? `${s.channels}` : `${s.spatial.join('×')}×${s.channels}ch`;
}

export function sameShape(a: FeatureShape, b: FeatureShape): boolean {
  return a.channels === b.channels && a.spatial.length === b.spatial.length && a.spatial.every((v, i) => v === b.spatial[i]);
}

export function requireVector(where: string, s: FeatureShape): number {
  if (s.spatial.length !== 0) {
    throw new ShapeError(`${where}: expects a feature vector but gets a ${shapeString(s)} map; insert a flatten or pooling layer`);
  }
  return s.channels;
}
