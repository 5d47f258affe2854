/** The playground's URL state: round trips, and bad links falling back to defaults with notices. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  configToQuery, DEFAULT_CONFIG, parseConfig, PRESET_DATASETS, PRESETS, reconcile, sliderFromWidth, widthFromSlider, type PlaygroundConfig,
} from '../../web/src/config.js';

describe('playground configuration in the URL', () => {
  it('an empty query gives the defaults and no notices', () => {
    const p = parseConfig('');
    assert.deepEqual(p.config, DEFAULT_CONFIG);
    assert.deepEqual(p.notices, []);
  });

  it('round-trips every preset with each of its data sets', () => {
    for (const preset of PRESETS) {
      for (const data of PRESET_DATASETS[preset]) {
        const c = reconcile({ ...DEFAULT_CONFIG, preset, data, width: 1024, depth: 3, n: 32, lr: 0.25, seed: 7 }).config;
        const back = parseConfig(configToQuery(c));
        assert.deepEqual(back.config, c, `${preset}/${data}`);
        assert.deepEqual(back.notices, [], `${preset}/${data}`);
      }
    }
  });

  it('an unknown preset falls back to the default with a notice naming it', () => {
    const p = parseConfig('?preset=gpt5&width=256');
    assert.equal(p.config.preset, DEFAULT_CONFIG.preset);
    assert.equal(p.config.width, 256);
    assert.equal(p.notices.length, 1);
    assert.match(p.notices[0], /gpt5/);
  });

  it('out-of-range and malformed numbers fall back, each with its own notice', () => {
    const p = parseConfig('?width=99999&depth=2.5&n=abc&lr=-1&seed=3');
    assert.equal(p.config.width, DEFAULT_CONFIG.width);
    assert.equal(p.config.depth, DEFAULT_CONFIG.depth);
    assert.equal(p.config.n, DEFAULT_CONFIG.n);
    assert.equal(p.config.lr, DEFAULT_CONFIG.lr);
    assert.equal(p.config.seed, 3);
    assert.equal(p.notices.length, 4);
    assert.match(p.notices.join('\n'), /width 99999 is out of range \(16–4096\)/);
  });

  it('reconciles combinations a preset cannot run', () => {
    const p = parseConfig('?preset=allenzhu2019-rnn&data=moons&depth=1&act=tanh');
    assert.equal(p.config.data, 'rnn');
    assert.equal(p.config.depth, 2);
    assert.equal(p.config.activation, 'relu');
    assert.equal(p.notices.length, 2);
    const odd = reconcile({ ...DEFAULT_CONFIG, preset: 'zou2018', data: 'zou2018', width: 101 } as PlaygroundConfig);
    assert.equal(odd.config.width, 102);
    assert.equal(odd.notices.length, 1);
  });

  it('unknown keys are reported, not silently dropped', () => {
    const p = parseConfig('?widht=128');
    assert.equal(p.config.width, DEFAULT_CONFIG.width);
    assert.match(p.notices[0], /widht/);
  });

  it('the log width slider covers the range in quarter octaves with even widths', () => {
    assert.equal(widthFromSlider(sliderFromWidth(16)), 16);
    assert.equal(widthFromSlider(sliderFromWidth(4096)), 4096);
    assert.equal(widthFromSlider(sliderFromWidth(512)), 512);
    for (let pos = sliderFromWidth(16); pos <= sliderFromWidth(4096); pos++) assert.equal(widthFromSlider(pos) % 2, 0);
    // 2^(37/4) = 608.9 → 608.
    assert.equal(widthFromSlider(37), 608);
  });
});
