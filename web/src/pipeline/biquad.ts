// Second- and first-order IIR sections, designed exactly as the engine does them
// (crates/vortex-dsp/src/biquad.rs): RBJ Audio EQ Cookbook biquads with pre-warping,
// bilinear first-order sections, the Linkwitz transform and free coefficients. The
// formulas are ported line by line so the plotted curve is the one the engine runs.

import type { Complex } from "./complex";
import { DesignError } from "./designError";

/** Normalised coefficients (a0 = 1): H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2). */
export interface BiquadCoeffs {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** How wide a peaking, band, notch or allpass filter is: Q, or bandwidth in octaves. */
export type Width = { q: number } | { bandwidth: number };
/** How steep a shelf is: Q, slope in dB/octave (0 < slope <= 12) or bandwidth in octaves. */
export type ShelfWidth = Width | { slope: number };

const LN_2 = Math.LN2;

/** Complex response of one section at `freqHz` for sample rate `fsHz`. */
export function biquadResponse(c: BiquadCoeffs, freqHz: number, fsHz: number): Complex {
  const w = (2 * Math.PI * freqHz) / fsHz;
  const s1 = Math.sin(w);
  const c1 = Math.cos(w);
  const s2 = Math.sin(2 * w);
  const c2 = Math.cos(2 * w);
  const nr = c.b0 + c.b1 * c1 + c.b2 * c2;
  const ni = -c.b1 * s1 - c.b2 * s2;
  const dr = 1 + c.a1 * c1 + c.a2 * c2;
  const di = -c.a1 * s1 - c.a2 * s2;
  const den = dr * dr + di * di;
  return { re: (nr * dr + ni * di) / den, im: (ni * dr - nr * di) / den };
}

/** Divides a0 out; a0 = 0 or a non-finite coefficient cannot be designed. */
export function normalized(b: readonly number[], a: readonly number[]): BiquadCoeffs {
  if ([...b, ...a].some((v) => !Number.isFinite(v))) throw new DesignError("coefficients", "invalid");
  const a0 = a[0]!;
  if (a0 === 0) throw new DesignError("a0", "a0-zero");
  return { b0: b[0]! / a0, b1: b[1]! / a0, b2: b[2]! / a0, a1: a[1]! / a0, a2: a[2]! / a0 };
}

/** Both poles strictly inside the unit circle (the stability triangle). */
export function isStable(c: BiquadCoeffs): boolean {
  return Math.abs(c.a2) < 1 && Math.abs(c.a1) < 1 + c.a2;
}

/** Normalised angular frequency w0 = 2 pi f / fs; the frequency must lie in (0, Nyquist). */
function omega(field: string, freqHz: number, fsHz: number): number {
  if (!(freqHz > 0) || !(freqHz < fsHz / 2)) throw new DesignError(field, "invalid");
  return (2 * Math.PI * freqHz) / fsHz;
}

function positive(field: string, v: number, max: number): void {
  if (!(v > 0) || !(v <= max)) throw new DesignError(field, "invalid");
}

const MAX_Q = 100;
const MAX_BANDWIDTH_OCT = 10;

/** The cookbook's alpha for a Width. */
function widthAlpha(width: Width, w0: number): number {
  const sin = Math.sin(w0);
  if ("q" in width) {
    positive("q", width.q, MAX_Q);
    return sin / (2 * width.q);
  }
  positive("bandwidth", width.bandwidth, MAX_BANDWIDTH_OCT);
  return sin * Math.sinh(((LN_2 / 2) * width.bandwidth * w0) / sin);
}

/** The cookbook's alpha for a shelf of linear amplitude `a` (10^(gain/40)). */
function shelfAlpha(width: ShelfWidth, a: number, w0: number): number {
  if ("bandwidth" in width) return widthAlpha(width, w0);
  let q: number;
  if ("q" in width) {
    positive("q", width.q, MAX_Q);
    q = width.q;
  } else {
    positive("slope", width.slope, 12);
    const s = width.slope / 12;
    q = 1 / Math.sqrt((a + 1 / a) * (1 / s - 1) + 2);
  }
  return Math.sin(w0) / (2 * q);
}

/** Largest boost or cut a section accepts, dB (the engine clamps EQ gains to +-24 before). */
const MAX_FILTER_GAIN_DB = 60;
function checkGain(gain: number): void {
  if (!(Math.abs(gain) <= MAX_FILTER_GAIN_DB)) throw new DesignError("gain", "invalid");
}

export function lowpass(freq: number, q: number, fs: number): BiquadCoeffs {
  const w0 = omega("freq", freq, fs);
  positive("q", q, MAX_Q);
  const [cos, alpha] = [Math.cos(w0), Math.sin(w0) / (2 * q)];
  const b1 = 1 - cos;
  return normalized([b1 / 2, b1, b1 / 2], [1 + alpha, -2 * cos, 1 - alpha]);
}

export function highpass(freq: number, q: number, fs: number): BiquadCoeffs {
  const w0 = omega("freq", freq, fs);
  positive("q", q, MAX_Q);
  const [cos, alpha] = [Math.cos(w0), Math.sin(w0) / (2 * q)];
  const b1 = 1 + cos;
  return normalized([b1 / 2, -b1, b1 / 2], [1 + alpha, -2 * cos, 1 - alpha]);
}

export function bandpass(freq: number, width: Width, fs: number): BiquadCoeffs {
  const w0 = omega("freq", freq, fs);
  const alpha = widthAlpha(width, w0);
  return normalized([alpha, 0, -alpha], [1 + alpha, -2 * Math.cos(w0), 1 - alpha]);
}

export function notch(freq: number, width: Width, fs: number): BiquadCoeffs {
  const w0 = omega("freq", freq, fs);
  const alpha = widthAlpha(width, w0);
  const cos = Math.cos(w0);
  return normalized([1, -2 * cos, 1], [1 + alpha, -2 * cos, 1 - alpha]);
}

export function allpass(freq: number, width: Width, fs: number): BiquadCoeffs {
  const w0 = omega("freq", freq, fs);
  const alpha = widthAlpha(width, w0);
  const a = [1 + alpha, -2 * Math.cos(w0), 1 - alpha];
  return normalized([a[2]!, a[1]!, a[0]!], a);
}

export function peaking(freq: number, gain: number, width: Width, fs: number): BiquadCoeffs {
  const w0 = omega("freq", freq, fs);
  checkGain(gain);
  const alpha = widthAlpha(width, w0);
  const a = 10 ** (gain / 40);
  const cos = Math.cos(w0);
  return normalized([1 + alpha * a, -2 * cos, 1 - alpha * a], [1 + alpha / a, -2 * cos, 1 - alpha / a]);
}

function shelf(low: boolean, freq: number, gain: number, width: ShelfWidth, fs: number): BiquadCoeffs {
  const w0 = omega("freq", freq, fs);
  checkGain(gain);
  const a = 10 ** (gain / 40);
  const cos = Math.cos(w0);
  const beta = 2 * Math.sqrt(a) * shelfAlpha(width, a, w0);
  const [ap, am] = [a + 1, a - 1];
  return low
    ? normalized(
        [a * (ap - am * cos + beta), 2 * a * (am - ap * cos), a * (ap - am * cos - beta)],
        [ap + am * cos + beta, -2 * (am + ap * cos), ap + am * cos - beta],
      )
    : normalized(
        [a * (ap + am * cos + beta), -2 * a * (am + ap * cos), a * (ap + am * cos - beta)],
        [ap - am * cos + beta, 2 * (am - ap * cos), ap - am * cos - beta],
      );
}

export const lowShelf = (freq: number, gain: number, width: ShelfWidth, fs: number): BiquadCoeffs =>
  shelf(true, freq, gain, width, fs);
export const highShelf = (freq: number, gain: number, width: ShelfWidth, fs: number): BiquadCoeffs =>
  shelf(false, freq, gain, width, fs);

/** The bilinear transform's pre-warped constant tan(pi f / fs). */
function prewarp(freq: number, fs: number): number {
  omega("freq", freq, fs);
  return Math.tan((Math.PI * freq) / fs);
}

export function lowpassFirstOrder(freq: number, fs: number): BiquadCoeffs {
  const k = prewarp(freq, fs);
  return normalized([k, k, 0], [1 + k, k - 1, 0]);
}

export function highpassFirstOrder(freq: number, fs: number): BiquadCoeffs {
  const k = prewarp(freq, fs);
  return normalized([1, -1, 0], [1 + k, k - 1, 0]);
}

export function allpassFirstOrder(freq: number, fs: number): BiquadCoeffs {
  const k = prewarp(freq, fs);
  return normalized([k - 1, k + 1, 0], [k + 1, k - 1, 0]);
}

/** H(s) = (s + sqrt(G)) / (s + 1/sqrt(G)), s normalised to freq. */
export function lowShelfFirstOrder(freq: number, gain: number, fs: number): BiquadCoeffs {
  const k = prewarp(freq, fs);
  checkGain(gain);
  const g = 10 ** (gain / 40);
  return normalized([1 + k * g, k * g - 1, 0], [1 + k / g, k / g - 1, 0]);
}

/** H(s) = G (s + 1/sqrt(G)) / (s + sqrt(G)). */
export function highShelfFirstOrder(freq: number, gain: number, fs: number): BiquadCoeffs {
  const k = prewarp(freq, fs);
  checkGain(gain);
  const g = 10 ** (gain / 40);
  const gg = g * g;
  return normalized([gg * (1 + k / g), gg * (k / g - 1), 0], [1 + k * g, k * g - 1, 0]);
}

/** Moves a sealed speaker's resonance (freqAct Hz, qAct) to (freqTarget Hz, qTarget). */
export function linkwitzTransform(
  freqAct: number,
  qAct: number,
  freqTarget: number,
  qTarget: number,
  fs: number,
): BiquadCoeffs {
  omega("freq_act", freqAct, fs);
  omega("freq_target", freqTarget, fs);
  positive("q_act", qAct, MAX_Q);
  positive("q_target", qTarget, MAX_Q);
  const d0 = (2 * Math.PI * freqAct) ** 2;
  const d1 = (2 * Math.PI * freqAct) / qAct;
  const c0 = (2 * Math.PI * freqTarget) ** 2;
  const c1 = (2 * Math.PI * freqTarget) / qTarget;
  // Pre-warped at the mean of the two resonances.
  const fc = (freqAct + freqTarget) / 2;
  const gn = (2 * Math.PI * fc) / Math.tan((Math.PI * fc) / fs);
  const g2 = gn * gn;
  return normalized([d0 + gn * d1 + g2, 2 * (d0 - g2), d0 - gn * d1 + g2], [c0 + gn * c1 + g2, 2 * (c0 - g2), c0 - gn * c1 + g2]);
}

/** Free coefficients, normalised by a0; must be stable. */
export function freeBiquad(b: readonly number[], a: readonly number[]): BiquadCoeffs {
  const c = normalized(b, a);
  if (!isStable(c)) throw new DesignError("a2", "unstable");
  return c;
}
