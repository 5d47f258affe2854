/**
 * The decision boundary of a 2-D classifier: the network's output (or class margin) on a grid over
 * the data's box, on a diverging scale whose white is the boundary f = 0 (for softmax outputs, equal
 * class probabilities), with the training points on top.
 */
import { divergingColor } from './heatmap.js';

export interface BoundaryView {
  size: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  points: ArrayLike<number>;
  labels: ArrayLike<number>;
}

export function drawBoundary(canvas: HTMLCanvasElement, view: BoundaryView, values: ArrayLike<number>): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const W = canvas.width;
  const H = canvas.height;
  const { size } = view;
  let scale = 0;
  for (let k = 0; k < values.length; k++) scale = Math.max(scale, Math.abs(values[k]));
  const grid = document.createElement('canvas');
  grid.width = size;
  grid.height = size;
  const gctx = grid.getContext('2d');
  if (!gctx) return;
  const img = gctx.createImageData(size, size);
  for (let k = 0; k < size * size; k++) {
    // Opposite signs to the labels' colours: +1 blue, −1 orange.
    const [r, g, b] = divergingColor(scale > 0 ? values[k] / scale : 0);
    img.data.set([r, g, b, 255], 4 * k);
  }
  gctx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(grid, 0, 0, W, H);
  const px = (x: number): number => ((x - view.xMin) / (view.xMax - view.xMin)) * W;
  const py = (y: number): number => ((view.yMax - y) / (view.yMax - view.yMin)) * H;
  for (let i = 0; i < view.labels.length; i++) {
    ctx.beginPath();
    ctx.arc(px(view.points[2 * i]), py(view.points[2 * i + 1]), 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = view.labels[i] > 0 ? '#2166ac' : '#e66101';
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}
