// Filters made of several sections, designed as the engine does them
// (crates/vortex-dsp/src/butterworth.rs, tilt.rs, graphic_eq.rs).

import {
  highpass,
  highpassFirstOrder,
  highShelfFirstOrder,
  lowpass,
  lowpassFirstOrder,
  lowShelfFirstOrder,
  peaking,
  type BiquadCoeffs,
} from "./biquad";
import { DesignError } from "./designError";

export type Pass = "low" | "high";

/** Highest Butterworth order (Linkwitz-Riley: twice this). */
export const MAX_BUTTERWORTH_ORDER = 24;

/** The Q of each second-order section of a Butterworth filter, and whether a first-order one is needed. */
export function butterworthQs(order: number): { qs: number[]; odd: boolean } {
  const even = order % 2 === 0;
  const qs: number[] = [];
  // Pole angles from the negative real axis: (2k - 1) pi / 2n (even n), k pi / n (odd n).
  for (let k = 1; k <= Math.floor(order / 2); k++) {
    const angle = even ? (Math.PI * (2 * k - 1)) / (2 * order) : (Math.PI * k) / order;
    qs.push(1 / (2 * Math.cos(angle)));
  }
  return { qs, odd: !even };
}

function checkOrder(order: number, max: number, even: boolean): void {
  if (!Number.isInteger(order) || order < 1 || order > max || (even && order % 2 !== 0)) {
    throw new DesignError("order", "invalid");
  }
}

function sections(pass: Pass, freq: number, qs: readonly number[], firstOrder: number, fs: number): BiquadCoeffs[] {
  const out = qs.map((q) => (pass === "low" ? lowpass(freq, q, fs) : highpass(freq, q, fs)));
  for (let i = 0; i < firstOrder; i++) {
    out.push(pass === "low" ? lowpassFirstOrder(freq, fs) : highpassFirstOrder(freq, fs));
  }
  return out;
}

/** Butterworth of `order` (1..24) with its -3 dB point at `freq` Hz. */
export function butterworth(pass: Pass, freq: number, order: number, fs: number): BiquadCoeffs[] {
  checkOrder(order, MAX_BUTTERWORTH_ORDER, false);
  const { qs, odd } = butterworthQs(order);
  return sections(pass, freq, qs, odd ? 1 : 0, fs);
}

/** Linkwitz-Riley of even `order` (2..48), -6 dB at `freq` Hz: a Butterworth of half the order, squared. */
export function linkwitzRiley(pass: Pass, freq: number, order: number, fs: number): BiquadCoeffs[] {
  checkOrder(order, 2 * MAX_BUTTERWORTH_ORDER, true);
  const { qs, odd } = butterworthQs(order / 2);
  const doubled = qs.flatMap((q) => [q, q]);
  // Two identical first-order sections make one second-order section with Q = 0.5.
  if (odd) doubled.push(0.5);
  return sections(pass, freq, doubled, 0, fs);
}

/** Corners of the tilt's two shelves, Hz. */
export const TILT_LOW_HZ = 110;
export const TILT_HIGH_HZ = 3500;

/** A tilt of `gain` dB (-20..20) from 20 Hz to 20 kHz, pivoting near 600 Hz. */
export function tilt(gain: number, fs: number): BiquadCoeffs[] {
  if (!(Math.abs(gain) <= 20)) throw new DesignError("gain", "invalid");
  const high = Math.min(TILT_HIGH_HZ, fs * 0.45);
  return [lowShelfFirstOrder(TILT_LOW_HZ, -gain / 2, fs), highShelfFirstOrder(high, gain / 2, fs)];
}

/** Most bands a graphic EQ may have. */
export const MAX_BANDS = 512;

/** Centre frequencies (Hz) of `bands` log-evenly spread bands between the edges, and their width in octaves. */
export function bandCentres(freqMin: number, freqMax: number, bands: number): { centres: number[]; widthOct: number } {
  const widthOct = Math.log2(freqMax / freqMin) / bands;
  const centres = Array.from({ length: bands }, (_, i) => freqMin * 2 ** (widthOct * (i + 0.5)));
  return { centres, widthOct };
}

/** One peaking section per band whose gain (dB) is not zero. */
export function graphicEq(freqMin: number, freqMax: number, gains: readonly number[], fs: number): BiquadCoeffs[] {
  if (gains.length < 1 || gains.length > MAX_BANDS) throw new DesignError("gains", "invalid");
  for (const [field, f] of [["freq_min", freqMin], ["freq_max", freqMax]] as const) {
    if (!(f > 0 && f < fs / 2)) throw new DesignError(field, "invalid");
  }
  if (!(freqMax > freqMin)) throw new DesignError("freq_max", "freq-order");
  const { centres, widthOct } = bandCentres(freqMin, freqMax, gains.length);
  const out: BiquadCoeffs[] = [];
  gains.forEach((gain, i) => {
    if (gain === 0) return;
    try {
      out.push(peaking(centres[i]!, gain, { bandwidth: widthOct }, fs));
    } catch (e) {
      throw e instanceof DesignError ? new DesignError(`gains[${i}]`, e.code) : e;
    }
  });
  return out;
}
