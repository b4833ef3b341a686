// Axes of the response plot: log frequency (20 Hz - 20 kHz) and a dB range that fits
// the curves, and curves turned into SVG path data.

export const PLOT_MIN_HZ = 20;
export const PLOT_MAX_HZ = 20000;

/** `count` frequencies spaced evenly on a log axis from `lo` to `hi` Hz. */
export function logFrequencies(count: number, lo = PLOT_MIN_HZ, hi = PLOT_MAX_HZ): number[] {
  return Array.from({ length: count }, (_, i) => lo * (hi / lo) ** (i / (count - 1)));
}

/** x in [0, width] for `hz` on the log axis. */
export function xOf(hz: number, width: number, lo = PLOT_MIN_HZ, hi = PLOT_MAX_HZ): number {
  return (Math.log(hz / lo) / Math.log(hi / lo)) * width;
}

/** Frequencies with a grid line and a label. */
export const FREQ_TICKS_HZ = [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];

/**
 * The dB range shown: at least +-12 dB, grown in 6 dB steps to hold the curves, but
 * never below -60 dB (deep notches and stop bands are cut off rather than squashing
 * everything else).
 */
export function dbRange(values: Iterable<number>): { lo: number; hi: number } {
  let lo = -12;
  let hi = 12;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { lo: Math.max(-60, Math.floor(lo / 6) * 6), hi: Math.min(60, Math.ceil(hi / 6) * 6) };
}

/** Ticks every 6 dB, or 12 dB when the range is wide. */
export function dbTicks(range: { lo: number; hi: number }): number[] {
  const step = range.hi - range.lo > 48 ? 12 : 6;
  const ticks: number[] = [];
  for (let v = Math.ceil(range.lo / step) * step; v <= range.hi; v += step) ticks.push(v);
  return ticks;
}

/** SVG path data through (x, y) points; y values outside [top, bottom] are clamped, -inf to bottom. */
export function pathData(xs: readonly number[], ys: readonly number[], top: number, bottom: number): string {
  return xs
    .map((x, i) => {
      const raw = ys[i]!;
      const y = Number.isNaN(raw) ? bottom : Math.min(bottom, Math.max(top, raw));
      return `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join("");
}

/**
 * Phase curves as path data that lifts the pen where the wrapped phase jumps by more
 * than 180 degrees (so a wrap from +180 to -180 draws no vertical line).
 */
export function phasePathData(xs: readonly number[], degs: readonly number[], yOf: (deg: number) => number): string {
  let d = "";
  degs.forEach((deg, i) => {
    const jump = i > 0 && Math.abs(deg - degs[i - 1]!) > 180;
    d += `${i === 0 || jump ? "M" : "L"}${xs[i]!.toFixed(1)},${yOf(deg).toFixed(1)}`;
  });
  return d;
}
