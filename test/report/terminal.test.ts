/** Result strings printed to a terminal (the report and reproduce tables, error messages) carry no control characters. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { RESULTS_FORMAT } from '../../src/experiments/results/saved.js';
import { resultsTable } from '../../src/cli/commands/reproduce.js';
import { printable, printableCell } from '../../src/cli/terminalText.js';
import { aggregateClaim, type SeededClaimResult } from '../../src/experiments/seedVerdicts.js';

const ESC = '\u001b';
const HOSTILE = [
  `${ESC}]0;window title${'\u0007'}`, // OSC: retitle the window
  `${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`, // OSC 8 hyperlink
  `${ESC}[2J${ESC}[H`, // clear the screen, home the cursor
  `${ESC}[31;1mred`, // SGR
  '\u009b2J', // 8-bit CSI
  '\u009d0;t\u009c', // 8-bit OSC … ST
  `${ESC}P+q${ESC}\\`, // DCS
  `${ESC}c`, // full reset
  '\u0000\u0007\u0008\r\u000b\u000c\u007f\u0085',
].join(' ');
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('terminal text', () => {
  it('printable removes escape sequences and replaces other control characters, keeping newlines, tabs and text', () => {
    const out = printable(`a\tb\n${HOSTILE} end`);
    assert.ok(!CONTROL.test(out), JSON.stringify(out));
    assert.ok(out.startsWith('a\tb\n'));
    assert.match(out, /click/);
    assert.match(out, /red/);
    assert.ok(!/window title|evil\.example/.test(out), 'OSC payloads are removed with their sequence');
    assert.match(out, / end$/);
    assert.equal(printableCell('a\nb\tc'), 'a b c');
    assert.equal(printable('λ_min ‖G‖ ≤ √m — ✓'), 'λ_min ‖G‖ ≤ √m — ✓');
  });

  it("the verdicts table prints no control character from any result field", () => {
    const base = aggregateClaim([0, 1].map((seed) => ({ seed, result: {
      id: 'du2019.gram-stability', paper: 'du2019', theorem: 't', prediction: 'p', experiment: 'e', statistic: 's', falsifier: 'f', negativeControl: false, scale: 'quick',
      verdict: 'holds', value: 1, reason: 'r', measured: 'm', data: [], seconds: 1,
    } as const })));
    const r = { ...base, id: `x${HOSTILE}`, verdict: HOSTILE, measured: `m${HOSTILE}\nnext line`, dataSeed: HOSTILE } as unknown as SeededClaimResult;
    const table = resultsTable([r]);
    assert.ok(!CONTROL.test(table), JSON.stringify(table));
    assert.equal(table.split('\n').length, 6, 'a newline in a field does not break the table\'s rows');
  });

  it('overparam report on a hostile results.json prints no control character and writes a report without markup from it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overparam-report-cli-'));
    try {
      const base = aggregateClaim([{ seed: 0, result: {
        id: 'du2019.gram-stability', paper: 'du2019', theorem: '<script>alert(1)</script>', prediction: '"><img src=x onerror=alert(1)>', experiment: 'javascript:alert(1)', statistic: 's', falsifier: 'f',
        negativeControl: false, scale: 'quick', verdict: 'holds', value: 1, reason: HOSTILE, measured: `m${HOSTILE}`, data: [], seconds: 1,
      } }]);
      const file = join(dir, 'results.json');
      const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
      // A verdict outside the closed set is refused; the refusal quotes it, printably.
      writeFileSync(file, JSON.stringify({ format: RESULTS_FORMAT, meta: { generated: HOSTILE, scale: 'quick', seeds: [0], command: '<script>x</script>' }, results: [{ ...base, verdict: `${HOSTILE}<script>` }] }));
      const refused = spawnSync(process.execPath, [main, 'report', file], { encoding: 'utf8' });
      assert.equal(refused.status, 2, refused.stderr);
      assert.match(refused.stderr, /results\[0\]\.verdict must be one of "holds", "fails", "inconclusive"/);
      assert.ok(!CONTROL.test(refused.stdout + refused.stderr), JSON.stringify(refused.stderr));
      // Hostile text in the free-text fields renders, as text.
      writeFileSync(file, JSON.stringify({ format: RESULTS_FORMAT, meta: { generated: HOSTILE, scale: 'quick', seeds: [0], command: '<script>x</script>' }, results: [base] }));
      const r = spawnSync(process.execPath, [main, 'report', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!CONTROL.test(r.stdout + r.stderr), JSON.stringify(r.stdout));
      const page = readFileSync(join(dir, 'report', 'index.html'), 'utf8');
      assert.ok(!/<script|<img|<b>/.test(page));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
