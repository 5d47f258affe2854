/**
 * A live line chart over uPlot (a small, fast canvas chart made for streaming series): x values and
 * one or more y series, optionally on log axes. Non-positive values on a log axis are left out as gaps.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface SeriesStyle {
  label: string;
  color: string;
  points?: boolean;
}

export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  series: SeriesStyle[];
  height?: number;
}

/** Tick labels that stay readable for tiny and huge values (uPlot's default prints 1e-15 as "-0"). */
function tick(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

export class LineChart {
  private plot: uPlot;
  private readonly opts: LineChartOptions;

  constructor(readonly host: HTMLElement, opts: LineChartOptions) {
    this.opts = opts;
    this.plot = this.make(opts.series);
    new ResizeObserver(() => this.plot.setSize({ width: this.width(), height: opts.height ?? 200 })).observe(host);
  }

  private width(): number {
    return Math.max(240, this.host.clientWidth);
  }

  private make(series: SeriesStyle[]): uPlot {
    const o = this.opts;
    return new uPlot(
      {
        width: this.width(),
        height: o.height ?? 200,
        legend: { show: series.length > 1 },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, distr: o.logX ? 3 : 1 }, y: { distr: o.logY ? 3 : 1 } },
        axes: [{ label: o.xLabel, size: 40 }, { label: o.yLabel, size: 64, values: (_u, ticks) => ticks.map(tick) }],
        series: [{ label: o.xLabel }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.6, points: { show: s.points ?? false }, spanGaps: true }))],
      },
      [[], ...series.map(() => [])],
      this.host,
    );
  }

  /** Replaces the series (e.g. one per width) and their styles. */
  setSeries(series: SeriesStyle[]): void {
    this.plot.destroy();
    this.opts.series = series;
    this.plot = this.make(series);
  }

  /** xs ascending; ys[k][i] the k-th series at xs[i] (null or NaN for none). */
  setData(xs: ArrayLike<number>, ys: ArrayLike<number | null>[]): void {
    const clean = (v: number | null): number | null => (v === null || !Number.isFinite(v) || (this.opts.logY && v <= 0) ? null : v);
    // uPlot wants one aligned array per series: series without data yet (e.g. widths still to run) are gaps.
    const series = this.opts.series.map((_, k) => (k < ys.length ? Array.from(ys[k], clean) : Array.from(xs, () => null)));
    const data = [Array.from(xs), ...series] as uPlot.AlignedData;
    this.plot.setData(data);
  }
}
