/**
 * The playground page: reads the configuration from the URL (falling back to defaults with a visible
 * notice), drives the training worker, and draws what it measures. Plots are redrawn at most once per
 * animation frame, however fast the steps arrive.
 */
import './style.css';
import { configToQuery, parseConfig, type PlaygroundConfig } from './config.js';
import { Controls } from './controls.js';
import type { KernelPoint, StepPoint } from './engine/session.js';
import type { WidthComparison, WidthRun } from './engine/widthComparison.js';
import { fitDrift } from './engine/widthComparison.js';
import { runToJson } from './exportRun.js';
import type { FromWorker, ProblemInfo, SnapshotMessage, ToWorker } from './protocol.js';
import { drawBoundary } from './views/boundary.js';
import { drawHeatmap } from './views/heatmap.js';
import { LineChart } from './views/lineChart.js';
import { formatNumber } from '../../src/report/format.js';

function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as T;
}

const notice = byId<HTMLDivElement>('notice');
function showNotice(lines: string[], error = false): void {
  notice.hidden = lines.length === 0;
  notice.classList.toggle('error', error);
  notice.textContent = lines.length === 0 ? '' : error ? lines.join(' ') : `Some settings in the link could not be used: ${lines.join('; ')}.`;
}

const WIDTH_COLORS = ['#4575b4', '#74add1', '#66bd63', '#fdae61', '#f46d43', '#d73027', '#7b3294'];

// --- state ---------------------------------------------------------------------------------------
const parsed = parseConfig(location.search);
let config: PlaygroundConfig = parsed.config;
let info: ProblemInfo | null = null;
let steps: StepPoint[] = [];
let kernel: KernelPoint[] = [];
let snapshot: SnapshotMessage | null = null;
let stopped: string | null = null;
let comparison: WidthComparison | null = null;
let comparisonRuns: WidthRun[] = [];
let running = false;
let stepsPerSecond = 0;
let dirty = false;

// --- views ---------------------------------------------------------------------------------------
const lossChart = new LineChart(byId('loss-chart'), { xLabel: 'step', yLabel: 'loss', logY: true, series: [{ label: 'loss', color: '#2166ac' }] });
const driftChart = new LineChart(byId('drift-chart'), {
  xLabel: 'step', yLabel: 'relative change', logY: true,
  series: [{ label: 'kernel drift', color: '#d73027', points: true }, { label: 'weight movement', color: '#4575b4' }],
});
const lambdaChart = new LineChart(byId('lambda-chart'), { xLabel: 'step', yLabel: 'λ_min', series: [{ label: 'λ_min(G(t))', color: '#1a9850', points: true }] });
const rnnChart = new LineChart(byId('rnn-chart'), {
  xLabel: 'time step l', yLabel: 'mean ‖h_l‖',
  series: [{ label: 'initialization', color: '#999', points: true }, { label: 'now', color: '#d73027', points: true }],
});
const compareCurves = new LineChart(byId('compare-curves'), { xLabel: 'step', yLabel: 'kernel drift', logY: true, series: [] });
const compareFinal = new LineChart(byId('compare-final'), {
  xLabel: 'width m', yLabel: 'final kernel drift', logX: true, logY: true,
  series: [{ label: 'measured', color: '#d73027', points: true }, { label: 'fit', color: '#555' }],
});
let rnnNorms0: number[] | null = null;

const status = byId<HTMLSpanElement>('status');
const runButton = byId<HTMLButtonElement>('run');
const stepButton = byId<HTMLButtonElement>('step');
const compareButton = byId<HTMLButtonElement>('compare');
const compareStatus = byId<HTMLSpanElement>('compare-status');

const fmt = (v: number | null | undefined): string => formatNumber(v, 3);

function drawKernels(): void {
  if (!info) return;
  const n = info.n;
  const mats = [info.kernel0, snapshot?.kernel ?? info.kernel0, info.kernelInfinite];
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of mats.slice(0, 2)) for (const v of m ?? []) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  drawHeatmap(byId('g0'), info.kernel0, n, lo, hi);
  drawHeatmap(byId('gt'), mats[1] as Float64Array, n, lo, hi);
  byId('gt-label').textContent = `G(t), t = ${snapshot?.step ?? 0}`;
  const inf = byId<HTMLCanvasElement>('ginf');
  if (info.kernelInfinite) {
    inf.hidden = false;
    drawHeatmap(inf, info.kernelInfinite, n, lo, hi);
    byId('ginf-label').textContent = 'infinite width Θ∞';
  } else {
    inf.hidden = true;
    byId('ginf-label').textContent = `infinite width: not available (${info.kernelInfiniteNote})`;
  }
}

function render(): void {
  dirty = false;
  lossChart.setData(steps.map((p) => p.step), [steps.map((p) => p.loss)]);
  // Movement comes with every step, drift with each snapshot: put both on the steps' x values.
  const driftAt = new Map(kernel.map((k) => [k.step, k.drift]));
  driftChart.setData(steps.map((p) => p.step), [steps.map((p) => driftAt.get(p.step) ?? null), steps.map((p) => p.movement)]);
  byId('drift-chart').dataset['points'] = String(kernel.filter((k) => k.step > 0).length);
  lambdaChart.setData(kernel.map((k) => k.step), [kernel.map((k) => k.lambdaMin)]);
  byId('lambda-chart').dataset['points'] = String(kernel.filter((k) => Number.isFinite(k.lambdaMin)).length);
  const singular = kernel.length > 0 && !Number.isFinite(kernel[kernel.length - 1].lambdaMin);
  byId('lambda-note').textContent = singular
    ? 'G(t) is singular to working precision: λ_min is within round-off (n·ε·λ_max) of 0, as happens for smooth kernels on many points in few dimensions. Try fewer points, ReLU, or another data set.'
    : '';
  if (snapshot) {
    drawKernels();
    if (info?.plane && snapshot.boundary) drawBoundary(byId('boundary'), { ...info.plane }, snapshot.boundary);
    if (snapshot.hiddenNorms) {
      rnnNorms0 ??= snapshot.hiddenNorms;
      rnnChart.setData(snapshot.hiddenNorms.map((_, l) => l + 1), [rnnNorms0, snapshot.hiddenNorms]);
    }
  }
  const last = steps[steps.length - 1];
  const k = kernel[kernel.length - 1];
  status.dataset['step'] = String(last?.step ?? 0);
  status.dataset['loss'] = String(last?.loss ?? '');
  status.dataset['running'] = String(running);
  status.textContent = info
    ? `step ${last?.step ?? 0} · loss ${fmt(last?.loss)} · drift ${fmt(k?.drift)} · λmin ${fmt(k?.lambdaMin)}${k?.trainingError !== null && k?.trainingError !== undefined ? ` · error ${fmt(k.trainingError)}` : ''} · η = ${fmt(info.eta)} · ${info.parameters} parameters${running ? ` · ${stepsPerSecond.toFixed(1)} steps/s` : ''}`
    : 'building the network…';
  status.dataset['stepsPerSecond'] = stepsPerSecond.toFixed(2);
  renderComparison();
}

function renderComparison(): void {
  const runs = comparison?.runs ?? comparisonRuns;
  if (runs.length === 0) return;
  const stepsAxis = [...new Set(runs.flatMap((r) => r.curve.map((p) => p.step)))].sort((a, b) => a - b);
  compareCurves.setData(stepsAxis, runs.map((r) => {
    const at = new Map(r.curve.map((p) => [p.step, p.drift]));
    return stepsAxis.map((s) => at.get(s) ?? null);
  }));
  const fit = comparison?.fit ?? fitDrift(runs);
  const widths = runs.map((r) => r.width);
  compareFinal.setData(widths, [runs.map((r) => r.finalDrift), fit ? widths.map((w) => Math.exp(fit.intercept + fit.slope * Math.log(w))) : widths.map(() => null)]);
  const slope = byId('compare-status');
  if (comparison) {
    slope.dataset['slope'] = fit ? String(fit.slope) : '';
    slope.textContent = fit
      ? `fitted slope of log drift against log m: ${fit.slope.toFixed(3)}${Number.isFinite(fit.slopeStdError) ? ` ± ${fit.slopeStdError.toFixed(3)}` : ''} (liu2020 Thm 3.2: −0.5 for a linear output)`
      : 'too few widths finished for a slope';
  }
}

function schedule(): void {
  if (!dirty) {
    dirty = true;
    requestAnimationFrame(render);
  }
}

// --- worker --------------------------------------------------------------------------------------
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (m: ToWorker): void => worker.postMessage(m);

function setRunning(r: boolean): void {
  running = r;
  runButton.textContent = r ? 'Pause' : 'Run';
  runButton.disabled = false;
  stepButton.disabled = r;
}

function acceptSnapshot(s: SnapshotMessage): void {
  snapshot = s;
  if (kernel.length === 0 || kernel[kernel.length - 1].step < s.step) kernel.push({ step: s.step, drift: s.drift, lambdaMin: s.lambdaMin, trainingError: s.trainingError });
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'ready':
      info = m.info;
      steps = [];
      kernel = [];
      rnnNorms0 = null;
      acceptSnapshot(m.snapshot);
      steps.push(m.point);
      byId('boundary-panel').hidden = !m.info.plane;
      byId('rnn-panel').hidden = m.info.sequenceLength === null;
      runButton.disabled = false;
      stepButton.disabled = false;
      break;
    case 'progress':
    case 'paused': {
      // A slice's points end with the step it reached; the next slice starts from that step again.
      for (const p of m.points) {
        if (steps.length > 0 && steps[steps.length - 1].step === p.step) steps[steps.length - 1] = p;
        else steps.push(p);
      }
      if (m.snapshot) acceptSnapshot(m.snapshot);
      if (m.type === 'progress') stepsPerSecond = m.stepsPerSecond;
      // Only the worker's answer ends a run: a slice still in flight when Pause was pressed is counted first.
      else setRunning(false);
      break;
    }
    case 'stopped':
      stopped = m.message;
      setRunning(false);
      showNotice([`Training stopped: ${m.message}. Everything measured up to step ${m.step} is kept (Export JSON saves it).`], true);
      break;
    case 'error':
      setRunning(false);
      showNotice([`Error: ${m.message}`], true);
      break;
    case 'compare-progress':
      comparisonRuns = m.finished;
      compareStatus.textContent = `width ${m.progress.width}: step ${m.progress.step}`;
      break;
    case 'compare-done':
      compareButton.textContent = 'Compare widths';
      if (m.result) {
        comparison = m.result;
        comparisonRuns = m.result.runs;
      } else {
        compareStatus.textContent = m.message === 'cancelled' ? 'cancelled' : `failed: ${m.message}`;
      }
      break;
  }
  schedule();
};

function configure(c: PlaygroundConfig): void {
  config = c;
  history.replaceState(null, '', configToQuery(c));
  setRunning(false);
  stopped = null;
  comparison = null;
  comparisonRuns = [];
  snapshot = null;
  info = null;
  runButton.disabled = true;
  stepButton.disabled = true;
  send({ type: 'configure', config: c });
  schedule();
}

// --- controls ------------------------------------------------------------------------------------
new Controls(byId('controls'), config, (c) => {
  showNotice([]);
  configure(c);
});
runButton.addEventListener('click', () => {
  if (running) {
    send({ type: 'pause' });
    runButton.disabled = true;
    runButton.textContent = 'Pausing…';
  } else if (!stopped) {
    send({ type: 'run' });
    setRunning(true);
  }
});
stepButton.addEventListener('click', () => {
  if (!running && !stopped) send({ type: 'step' });
});
byId('reset').addEventListener('click', () => configure(config));
byId('copy-link').addEventListener('click', () => {
  void navigator.clipboard?.writeText(location.href).catch(() => undefined);
});
byId('export').addEventListener('click', () => {
  if (!info) return;
  const json = runToJson({ info, steps, kernel, stopped, comparison });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([JSON.stringify(json, null, 1)], { type: 'application/json' }));
  a.download = `overparam-run-${config.preset}-m${config.width}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});
compareButton.addEventListener('click', () => {
  if (compareButton.textContent === 'Cancel') {
    send({ type: 'cancel-compare' });
    return;
  }
  const max = Number(byId<HTMLSelectElement>('compare-max').value);
  const n = Math.min(2000, Math.max(10, Math.round(Number(byId<HTMLInputElement>('compare-steps').value)) || 100));
  const widths: number[] = [];
  for (let w = 64; w <= max; w *= 2) widths.push(w);
  compareCurves.setSeries(widths.map((w, i) => ({ label: `m = ${w}`, color: WIDTH_COLORS[i % WIDTH_COLORS.length] })));
  comparison = null;
  comparisonRuns = [];
  setRunning(false);
  compareButton.textContent = 'Cancel';
  compareStatus.textContent = 'starting…';
  send({ type: 'compare', widths, steps: n });
});

showNotice(parsed.notices);
configure(config);
