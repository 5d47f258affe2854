/**
 * What `overparam report` draws from a sweep's results (JSON Lines of point records, one kind): the
 * axes are the parameters whose values differ between points; the measurements are the results' numeric
 * fields (top-level numbers, or a probe's value one level down, named `final.kernel.drift` style). By
 * default each measurement is plotted against the first numeric axis other than the seed, one series per
 * value of the next axis (scalar axes first; not one that changes only with x, such as a model spec
 * holding the width); --x, --y and --series choose instead.
 */
import { ConfigError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../runner/json.js';
import type { PointRecord } from '../runner/records.js';

export interface SweepPlotRequest {
  x?: string;
  y?: string;
  series?: string;
}

export interface SweepPlot {
  x: string;
  y: string;
  series?: string;
  /** Rows { x, y, series?, seed } (the values, under fixed keys) of the points where y is a finite number. */
  rows: { x: number; y: number; series?: string; seed: number }[];
  /** Points left out: y missing, not a number or not finite (e.g. a failed point). */
  leftOut: number;
  /** Whether every x and y is positive (then both axes are logarithmic). */
  logLog: boolean;
}

export interface SweepSummary {
  kind: string;
  points: number;
  failed: number;
  /** Parameters that differ between points, in the order of the first record's keys. */
  axes: string[];
  /** Numeric measurements found in the results. */
  measurements: string[];
  plots: SweepPlot[];
}

/** The numeric leaves of a result: top-level numbers and numbers one object down ("a.b"), two down ("a.b.c"). */
function numericFields(v: JsonObject, prefix = '', depth = 0, out = new Map<string, number>()): Map<string, number> {
  for (const [k, x] of Object.entries(v)) {
    const name = prefix === '' ? k : `${prefix}.${k}`;
    if (typeof x === 'number') out.set(name, x);
    else if (depth < 2 && typeof x === 'object' && x !== null && !Array.isArray(x)) numericFields(x, name, depth + 1, out);
  }
  return out;
}

const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The sweep's axes, measurements and plots; a request naming an unknown axis or measurement is a ConfigError listing the known ones. */
export function sweepSummary(records: readonly PointRecord[], request: SweepPlotRequest = {}, source = 'the results'): SweepSummary {
  if (records.length === 0) throw new ConfigError(`${source} hold no points`);
  const kinds = [...new Set(records.map((r) => r.kind))];
  if (kinds.length > 1) throw new ConfigError(`${source} hold points of several kinds (${kinds.join(', ')}); report one sweep at a time`);
  const keys = [...new Set(records.flatMap((r) => Object.keys(r.params)))];
  const axes = keys.filter((k) => records.some((r) => !same(r.params[k], records[0].params[k])));
  const fields = records.map((r) => (r.result === undefined ? new Map<string, number>() : numericFields(r.result)));
  const measurements = [...new Set(fields.flatMap((f) => [...f.keys()]))];
  const numericAxis = (k: string): boolean => records.every((r) => typeof r.params[k] === 'number');
  const check = (name: string | undefined, known: readonly string[], flag: string): void => {
    const what = flag === '--y' ? 'measurement' : 'swept parameter';
    if (name !== undefined && !known.includes(name)) throw new ConfigError(`${flag} ${name}: the points of ${source} have no ${what} ${name}; ${known.length === 0 ? `they have no ${what}` : `they have ${known.join(', ')}`}`);
  };
  check(request.x, axes, '--x');
  check(request.y, measurements, '--y');
  check(request.series, axes, '--series');
  if (request.x !== undefined && !numericAxis(request.x)) throw new ConfigError(`--x ${request.x}: the axis takes values that are not numbers`);
  const x = request.x ?? axes.find((a) => a !== 'seed' && numericAxis(a));
  // An axis that changes with x and only with it (a model spec holding the width) is not a series.
  const key = (v: JsonValue | undefined): string => JSON.stringify(v ?? null);
  const oneToOne = (a: string, b: string): boolean => {
    const ab = new Map<string, string>();
    const ba = new Map<string, string>();
    for (const r of records) {
      const [u, v] = [key(r.params[a]), key(r.params[b])];
      if ((ab.get(u) ?? v) !== v || (ba.get(v) ?? u) !== u) return false;
      ab.set(u, v);
      ba.set(v, u);
    }
    return true;
  };
  const candidates = axes.filter((a) => a !== 'seed' && a !== x && (x === undefined || !oneToOne(a, x)));
  // Scalar axes first: an object-valued one (a model spec) is named by a scalar axis beside it, as a rule.
  const scalar = (a: string): boolean => records.every((r) => typeof r.params[a] !== 'object' || r.params[a] === null);
  const series = request.series ?? candidates.find(scalar) ?? candidates[0];
  // By default, the measurements that differ between points.
  const varies = (m: string): boolean => new Set(fields.map((f) => f.get(m))).size > 1;
  const ys = request.y !== undefined ? [request.y] : measurements.filter(varies);
  const plots: SweepPlot[] = [];
  if (x !== undefined) {
    for (const y of ys) {
      const rows: SweepPlot['rows'] = [];
      records.forEach((r, i) => {
        const v = fields[i].get(y);
        const at = r.params[x];
        if (v === undefined || !Number.isFinite(v) || typeof at !== 'number') return;
        const seed = typeof r.params['seed'] === 'number' ? r.params['seed'] : 0;
        const s = series === undefined ? undefined : r.params[series];
        rows.push({ x: at, y: v, seed, ...(series !== undefined ? { series: typeof s === 'string' ? s : JSON.stringify(s ?? null) } : {}) });
      });
      if (rows.length === 0) continue;
      const logLog = rows.every((row) => row.x > 0 && row.y > 0);
      plots.push({ x, y, ...(series !== undefined ? { series } : {}), rows, leftOut: records.length - rows.length, logLog });
    }
  }
  return { kind: kinds[0], points: records.length, failed: records.filter((r) => r.error !== undefined).length, axes, measurements, plots };
}
