// Complex frequency responses of designed filters, and of one filter at a list of
// frequencies (what the plot and the fixture test evaluate).

import { biquadResponse } from "./biquad";
import { delayPhasor, multiplyBy, unity, type ResponseCurve } from "./complex";
import { designFilter, type Stage } from "./design";
import type { FilterDef } from "./model";

/** Multiplies `curve` (sampled at `freqsHz`) by the response of one stage. */
export function applyStage(curve: ResponseCurve, stage: Stage, freqsHz: readonly number[], fsHz: number): void {
  switch (stage.kind) {
    case "sections":
      for (const s of stage.sections) multiplyBy(curve, (i) => biquadResponse(s, freqsHz[i]!, fsHz));
      return;
    case "factor":
      multiplyBy(curve, () => ({ re: stage.factor, im: 0 }));
      return;
    case "delay":
      multiplyBy(curve, (i) => delayResponse(stage.samples, stage.subsample, (2 * Math.PI * freqsHz[i]!) / fsHz));
      return;
    case "unplotted":
      return;
  }
}

/**
 * A delay as vortex-dsp's Delay runs it: whole samples (rounded), or, with `subsample`,
 * whole samples plus a first-order Thiran allpass (a + z^-1) / (1 + a z^-1) for a
 * fractional part d in 0.5..1.5 samples.
 */
function delayResponse(samples: number, subsample: boolean, w: number): { re: number; im: number } {
  const fract = samples - Math.trunc(samples);
  if (!subsample || fract <= 1e-9) return delayPhasor(w, Math.round(samples));
  const d = samples >= 1 ? 1 + fract : samples;
  const whole = Math.round(samples - d);
  const a = (1 - d) / (1 + d);
  // (a + e^-jw) / (1 + a e^-jw)
  const [c, s] = [Math.cos(w), Math.sin(w)];
  const nr = a + c;
  const ni = -s;
  const dr = 1 + a * c;
  const di = -a * s;
  const den = dr * dr + di * di;
  const thiran = { re: (nr * dr + ni * di) / den, im: (ni * dr - nr * di) / den };
  const p = delayPhasor(w, whole);
  return { re: p.re * thiran.re - p.im * thiran.im, im: p.re * thiran.im + p.im * thiran.re };
}

/** The complex response of one filter at `freqsHz`; throws DesignError when it cannot be designed. */
export function filterResponse(f: FilterDef, freqsHz: readonly number[], fsHz: number): ResponseCurve {
  const curve = unity(freqsHz.length);
  applyStage(curve, designFilter(f, fsHz), freqsHz, fsHz);
  return curve;
}
