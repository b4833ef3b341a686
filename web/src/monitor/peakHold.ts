// Peak hold of the spectrum display: each slot keeps the highest level seen and lets it
// fall at a fixed rate. NaN means "nothing held" (after a reset, or for a slot without
// data), so the next value is taken as it is.

/** How fast a held peak falls, dB per second. */
export const PEAK_FALL_DB_PER_S = 20;

/** hold = max(value, hold - fall x dt), slot by slot, for slots [0, count). */
export function updatePeakHold(
  hold: Float32Array,
  values: Float32Array,
  count: number,
  dtS: number,
  fallDbPerS: number,
): void {
  const drop = fallDbPerS * dtS;
  for (let i = 0; i < count; i++) {
    const h = hold[i]!;
    const v = values[i]!;
    const fallen = h - drop;
    // h !== h: nothing held yet; v >= fallen is false for a NaN value (keeps falling).
    hold[i] = h !== h || v >= fallen ? v : fallen;
  }
}
