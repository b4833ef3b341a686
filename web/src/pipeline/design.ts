// One filter of the pipeline designed at a sample rate, as `design_filter` in
// crates/vortex-engine/src/validate.rs does it (after `clamp_harmless`): biquad
// sections, a constant factor, a delay, or something without a fixed response.

import {
  allpass,
  allpassFirstOrder,
  bandpass,
  freeBiquad,
  highpass,
  highpassFirstOrder,
  highShelf,
  highShelfFirstOrder,
  linkwitzTransform,
  lowpass,
  lowpassFirstOrder,
  lowShelf,
  lowShelfFirstOrder,
  notch,
  peaking,
  type BiquadCoeffs,
  type ShelfWidth,
  type Width,
} from "./biquad";
import { butterworth, graphicEq, linkwitzRiley, tilt } from "./cascades";
import { DesignError } from "./designError";
import { EQ_GAIN_LIMIT_DB, GAIN_LIMIT_DB, SPEED_OF_SOUND_M_S } from "./filterTypes";
import type { FilterDef } from "./model";

export type Stage =
  | { kind: "sections"; sections: BiquadCoeffs[] }
  /** A constant linear factor (sign: polarity; 0: muted). */
  | { kind: "factor"; factor: number }
  /** A delay; with `subsample` the fraction goes through a first-order Thiran allpass. */
  | { kind: "delay"; samples: number; subsample: boolean }
  /** No fixed frequency response: level-dependent dynamics, or FIR from a file. */
  | { kind: "unplotted"; reason: "dynamics" | "convolution" };

const num = (f: FilterDef, k: string): number => {
  const v = f[k];
  return typeof v === "number" ? v : NaN;
};
const opt = (f: FilterDef, k: string): number | undefined => (f[k] === undefined ? undefined : num(f, k));

/** q or bandwidth, exactly one. */
function width(f: FilterDef): Width {
  const [q, bw] = [opt(f, "q"), opt(f, "bandwidth")];
  if (q !== undefined && bw !== undefined) throw new DesignError("bandwidth", "width-many");
  if (q !== undefined) return { q };
  if (bw !== undefined) return { bandwidth: bw };
  throw new DesignError("q", "width-missing");
}

/** q, slope or bandwidth, exactly one. */
function shelfWidth(f: FilterDef): ShelfWidth {
  const given = (["q", "slope", "bandwidth"] as const).filter((k) => f[k] !== undefined);
  if (given.length === 0) throw new DesignError("q", "width-missing");
  if (given.length > 1) throw new DesignError("slope", "width-many");
  const k = given[0]!;
  const v = num(f, k);
  return k === "q" ? { q: v } : k === "slope" ? { slope: v } : { bandwidth: v };
}

/** The engine clamps harmless out-of-range gains (with a warning) before designing. */
const clampEq = (g: number): number => Math.min(EQ_GAIN_LIMIT_DB, Math.max(-EQ_GAIN_LIMIT_DB, g));

/** The linear factor of a `gain` filter (vortex-dsp gain_factor, after the clamp). */
function gainFactor(f: FilterDef): number {
  const g = num(f, "gain");
  let lin: number;
  if (f["scale"] === "linear") {
    const lim = 10 ** (GAIN_LIMIT_DB / 20);
    lin = Math.min(lim, Math.max(-lim, g));
    if (!(Math.abs(lin) <= 1000)) throw new DesignError("gain", "invalid");
  } else {
    const d = Math.min(GAIN_LIMIT_DB, g);
    if (!(d >= -150 && d <= 60)) throw new DesignError("gain", "invalid");
    lin = 10 ** (d / 20);
  }
  if (f["mute"] === true) return 0;
  return f["inverted"] === true ? -lin : lin;
}

/** Delay in samples at `fs` (vortex-dsp DelayAmount::to_samples), 0..60 s. */
export function delaySamples(f: FilterDef, fs: number): number {
  const d = num(f, "delay");
  const samples = f["unit"] === "samples" ? d : f["unit"] === "mm" ? (d / 1000 / SPEED_OF_SOUND_M_S) * fs : (d * fs) / 1000;
  if (!(samples / fs >= 0 && samples / fs <= 60)) throw new DesignError("delay", "invalid");
  return samples;
}

/** Volume in dB to a factor: silent at or below -150 dB (vortex-dsp volume). */
function volumeFactor(f: FilterDef): number {
  const v = num(f, "volume");
  if (!(v >= -150 && v <= 20)) throw new DesignError("volume", "invalid");
  return v <= -150 ? 0 : 10 ** (v / 20);
}

const one = (c: BiquadCoeffs): Stage => ({ kind: "sections", sections: [c] });
const many = (sections: BiquadCoeffs[]): Stage => ({ kind: "sections", sections });

/** Designs one filter at `fs` Hz; throws DesignError naming the parameter at fault. */
export function designFilter(f: FilterDef, fs: number): Stage {
  const freq = num(f, "freq");
  switch (f.type) {
    case "lowpass":
      return one(lowpass(freq, num(f, "q"), fs));
    case "highpass":
      return one(highpass(freq, num(f, "q"), fs));
    case "lowpass_fo":
      return one(lowpassFirstOrder(freq, fs));
    case "highpass_fo":
      return one(highpassFirstOrder(freq, fs));
    case "allpass_fo":
      return one(allpassFirstOrder(freq, fs));
    case "bandpass":
      return one(bandpass(freq, width(f), fs));
    case "notch":
      return one(notch(freq, width(f), fs));
    case "allpass":
      return one(allpass(freq, width(f), fs));
    case "peaking":
      return one(peaking(freq, clampEq(num(f, "gain")), width(f), fs));
    case "lowshelf":
      return one(lowShelf(freq, clampEq(num(f, "gain")), shelfWidth(f), fs));
    case "highshelf":
      return one(highShelf(freq, clampEq(num(f, "gain")), shelfWidth(f), fs));
    case "lowshelf_fo":
      return one(lowShelfFirstOrder(freq, clampEq(num(f, "gain")), fs));
    case "highshelf_fo":
      return one(highShelfFirstOrder(freq, clampEq(num(f, "gain")), fs));
    case "linkwitz_transform":
      return one(linkwitzTransform(num(f, "freq_act"), num(f, "q_act"), num(f, "freq_target"), num(f, "q_target"), fs));
    case "biquad":
      return one(
        freeBiquad([num(f, "b0"), num(f, "b1"), num(f, "b2")], [opt(f, "a0") ?? 1, num(f, "a1"), num(f, "a2")]),
      );
    case "butterworth_lowpass":
      return many(butterworth("low", freq, num(f, "order"), fs));
    case "butterworth_highpass":
      return many(butterworth("high", freq, num(f, "order"), fs));
    case "linkwitz_riley_lowpass":
      return many(linkwitzRiley("low", freq, num(f, "order"), fs));
    case "linkwitz_riley_highpass":
      return many(linkwitzRiley("high", freq, num(f, "order"), fs));
    case "tilt":
      return many(tilt(num(f, "gain"), fs));
    case "graphic_eq": {
      const gains = Array.isArray(f["gains"]) ? f["gains"].map((g) => (typeof g === "number" ? clampEq(g) : NaN)) : [];
      return many(graphicEq(opt(f, "freq_min") ?? 20, opt(f, "freq_max") ?? 20000, gains, fs));
    }
    case "gain":
      return { kind: "factor", factor: gainFactor(f) };
    case "volume":
      return { kind: "factor", factor: volumeFactor(f) };
    case "delay":
      return { kind: "delay", samples: delaySamples(f, fs), subsample: f["subsample"] === true };
    case "conv":
      return { kind: "unplotted", reason: "convolution" };
    case "compressor":
    case "limiter":
    case "gate":
      return { kind: "unplotted", reason: "dynamics" };
    default:
      throw new DesignError("type", "unknown-type");
  }
}
