// dB <-> power, and the per-bin power of one channel or the mean of several. Averages of
// levels are taken in power (a mean of dB values would understate loud channels), and
// the wire's silence value, -200 dB, counts as no power at all.

import { SILENCE_DB } from "../protocol/types";

/** Below this power a level reads as silence (-200 dB). */
const POWER_FLOOR = 1e-20;

export function dbToPower(db: number): number {
  return db <= SILENCE_DB ? 0 : Math.pow(10, db / 10);
}

/** Power to dB; silence (and anything at or below -200 dB) reads SILENCE_DB. */
export function powerToDb(power: number): number {
  return power > POWER_FLOOR ? 10 * Math.log10(power) : SILENCE_DB;
}

/**
 * Power per bin, the mean over channels [first, first + count) of a channel-major block
 * of dB magnitudes (`magnitudes[c * bins + k]`), into `out[0..bins)`.
 * One channel (count 1) is that channel's power; all of them is the "sum" trace.
 */
export function binPower(
  magnitudes: Float32Array,
  bins: number,
  first: number,
  count: number,
  out: Float32Array,
): void {
  for (let k = 0; k < bins; k++) {
    let sum = 0;
    for (let c = first; c < first + count; c++) sum += dbToPower(magnitudes[c * bins + k]!);
    out[k] = sum / count;
  }
}
