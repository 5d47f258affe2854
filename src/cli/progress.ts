/**
 * Progress for long computations: a bar with ETA on an interactive terminal (stderr), otherwise a line
 * every few seconds, so logs of batch jobs stay readable. Silent with { quiet: true }.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, info?: Record<string, string | number>): void;
  stop(): void;
}

export function progress(label: string, opts: { quiet?: boolean } = {}): Progress {
  if (opts.quiet) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}{info}`, stream: process.stderr, hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, info) {
        const text = info ? ` | ${Object.entries(info).map(([k, v]) => `${k} ${v}`).join(' ')}` : '';
        if (!started) {
          bar.start(total, done, { info: text });
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done, { info: text });
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  const t0 = Date.now();
  let last = t0;
  return {
    update(done, total, info) {
      const now = Date.now();
      // Quiet for short jobs: the first line after 5 s, then every 5 s, and the last one if any came before.
      if (now - last < 5000 && (done < total || last === t0)) return;
      last = now;
      const extra = info ? ` ${Object.entries(info).map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
      process.stderr.write(`${label}: ${done}/${total} (${((now - t0) / 1000).toFixed(0)} s)${extra}\n`);
    },
    stop() {},
  };
}
