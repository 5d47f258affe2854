/**
 * The configuration panel: one control per PlaygroundConfig field. Each change hands a reconciled
 * configuration (preset-compatible data set, activation and depth) to the page.
 */
import {
  ACTIVATIONS, DATASET_LABELS, LIMITS, PRESET_ACTIVATION, PRESET_DATASETS, PRESET_LABELS, PRESETS,
  reconcile, sliderFromWidth, widthFromSlider, minDepth, type PlaygroundConfig,
} from './config.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

function options(select: HTMLSelectElement, values: readonly string[], labels: (v: string) => string, selected: string): void {
  select.replaceChildren(...values.map((v) => {
    const o = el('option', { value: v }, labels(v));
    o.selected = v === selected;
    return o;
  }));
}

export class Controls {
  private config: PlaygroundConfig;
  private readonly preset = el('select', { id: 'preset' });
  private readonly width = el('input', { id: 'width', type: 'range', min: String(sliderFromWidth(LIMITS.width.min)), max: String(sliderFromWidth(LIMITS.width.max)), step: '1' });
  private readonly widthValue = el('span', { class: 'value', id: 'width-value' });
  private readonly depth = el('input', { id: 'depth', type: 'number', max: String(LIMITS.depth.max), step: '1' });
  private readonly depthLabel = el('span');
  private readonly activation = el('select', { id: 'activation' });
  private readonly data = el('select', { id: 'data' });
  private readonly n = el('input', { id: 'n', type: 'number', min: String(LIMITS.n.min), max: String(LIMITS.n.max), step: '1' });
  private readonly lr = el('input', { id: 'lr', type: 'range', min: String(LIMITS.lr.min), max: String(LIMITS.lr.max), step: '0.01' });
  private readonly lrValue = el('span', { class: 'value', id: 'lr-value' });
  private readonly seed = el('input', { id: 'seed', type: 'number', min: '0', step: '1' });

  constructor(host: HTMLElement, initial: PlaygroundConfig, private readonly onChange: (c: PlaygroundConfig) => void) {
    this.config = initial;
    const field = (label: string | HTMLElement, control: HTMLElement, hint = '', extra?: HTMLElement): HTMLElement[] => {
      const l = el('label', { for: control.id });
      if (typeof label === 'string') l.textContent = label;
      else l.append(label);
      if (extra) l.append(extra);
      return hint ? [l, control, el('p', { class: 'hint' }, hint)] : [l, control];
    };
    host.append(
      ...field('model', this.preset),
      ...field('width m', this.width, 'log scale, 16 … 4096', this.widthValue),
      ...field(this.depthLabel, this.depth),
      ...field('activation σ', this.activation),
      ...field('data set', this.data),
      ...field('training points n', this.n),
      ...field('learning rate c', this.lr, 'η = c/(κ·λ_max(G(0))); GD on the linearized model is stable for c < 2', this.lrValue),
      ...field('seed', this.seed),
    );
    options(this.preset, PRESETS, (v) => PRESET_LABELS[v as (typeof PRESETS)[number]], initial.preset);
    this.show(initial);
    const changed = (): void => this.emit();
    for (const c of [this.preset, this.activation, this.data, this.depth, this.n, this.seed]) c.addEventListener('change', changed);
    this.width.addEventListener('input', () => (this.widthValue.textContent = String(widthFromSlider(Number(this.width.value)))));
    this.width.addEventListener('change', changed);
    this.lr.addEventListener('input', () => (this.lrValue.textContent = Number(this.lr.value).toFixed(2)));
    this.lr.addEventListener('change', changed);
  }

  /** Shows a configuration in the controls (without emitting a change). */
  show(c: PlaygroundConfig): void {
    this.config = c;
    this.preset.value = c.preset;
    this.width.value = String(sliderFromWidth(c.width));
    this.widthValue.textContent = String(c.width);
    this.depth.min = String(minDepth(c.preset));
    this.depth.value = String(c.depth);
    this.depthLabel.textContent = c.preset === 'allenzhu2019-rnn' ? 'sequence length L' : 'depth (hidden layers)';
    const fixed = PRESET_ACTIVATION[c.preset] === null;
    options(this.activation, fixed ? ['relu'] : ACTIVATIONS, (v) => v, c.activation);
    this.activation.disabled = fixed;
    options(this.data, PRESET_DATASETS[c.preset], (v) => DATASET_LABELS[v as keyof typeof DATASET_LABELS], c.data);
    this.n.value = String(c.n);
    this.lr.value = String(c.lr);
    this.lrValue.textContent = c.lr.toFixed(2);
    this.seed.value = String(c.seed);
  }

  private emit(): void {
    const clampInt = (v: string, lo: number, hi: number, fallback: number): number => {
      const x = Math.round(Number(v));
      return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : fallback;
    };
    const preset = this.preset.value as PlaygroundConfig['preset'];
    const presetChanged = preset !== this.config.preset;
    const next: PlaygroundConfig = {
      preset,
      width: widthFromSlider(Number(this.width.value)),
      depth: clampInt(this.depth.value, LIMITS.depth.min, LIMITS.depth.max, this.config.depth),
      activation: (presetChanged ? PRESET_ACTIVATION[preset] ?? 'relu' : this.activation.value) as PlaygroundConfig['activation'],
      data: (presetChanged ? PRESET_DATASETS[preset][0] : this.data.value) as PlaygroundConfig['data'],
      n: clampInt(this.n.value, LIMITS.n.min, LIMITS.n.max, this.config.n),
      lr: Math.min(LIMITS.lr.max, Math.max(LIMITS.lr.min, Number(this.lr.value) || this.config.lr)),
      seed: clampInt(this.seed.value, LIMITS.seed.min, LIMITS.seed.max, this.config.seed),
    };
    const { config } = reconcile(next);
    this.show(config);
    this.onChange(config);
  }
}
