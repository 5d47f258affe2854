/**
 * Kernel heatmaps: an n × n matrix drawn one pixel per entry on a canvas (scaled up without smoothing),
 * on a colour scale shared by the panels so G(0), G(t) and the infinite-width kernel can be compared.
 */

/** Sequential colour for t ∈ [0, 1] (white → blue → dark blue), as [r, g, b]. */
export function sequentialColor(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t));
  const stops: [number, number, number][] = [
    [255, 255, 255],
    [107, 174, 214],
    [8, 48, 107],
  ];
  const s = u * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(s));
  const f = s - i;
  return [0, 1, 2].map((k) => Math.round(stops[i][k] + f * (stops[i + 1][k] - stops[i][k]))) as [number, number, number];
}

/** Diverging colour for t ∈ [−1, 1] (orange ← white → blue), as [r, g, b]. */
export function divergingColor(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(-1, t));
  const to: [number, number, number] = u < 0 ? [230, 97, 1] : [33, 102, 172];
  const a = Math.abs(u);
  return [0, 1, 2].map((k) => Math.round(255 + a * (to[k] - 255))) as [number, number, number];
}

/** Draws an n × n matrix with values in [lo, hi] mapped to the sequential scale. */
export function drawHeatmap(canvas: HTMLCanvasElement, values: ArrayLike<number>, n: number, lo: number, hi: number): void {
  canvas.width = n;
  canvas.height = n;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(n, n);
  const span = hi - lo || 1;
  for (let k = 0; k < n * n; k++) {
    const [r, g, b] = sequentialColor((values[k] - lo) / span);
    img.data[4 * k] = r;
    img.data[4 * k + 1] = g;
    img.data[4 * k + 2] = b;
    img.data[4 * k + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
