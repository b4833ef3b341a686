// Which FFT bins feed which display slot (a band in "bars" mode, a pixel column in
// "line" mode), as one contiguous range of bins per slot, and the aggregation of bin
// powers over those ranges. Bin k lies at k x sampleRate / fftSize Hz. The ranges are
// computed once per layout (bins, sample rate, FFT size, canvas width), never per frame.

import { xToHz, type LogAxis } from "./axes";
import type { Bands } from "./bands";
import { powerToDb } from "./power";

export interface BinRanges {
  count: number;
  /** First bin of each slot. */
  start: Int32Array;
  /** One past the last bin of each slot; equal to start for a slot with no bin. */
  end: Int32Array;
}

export interface BinGrid {
  bins: number;
  sampleRateHz: number;
  fftSize: number;
}

/** The first bin at or above `hz`, clamped to [0, bins]. */
function firstBinFrom(grid: BinGrid, hz: number): number {
  const k = Math.ceil((hz * grid.fftSize) / grid.sampleRateHz - 1e-9);
  return k < 0 ? 0 : k > grid.bins ? grid.bins : k;
}

function allocate(count: number): BinRanges {
  return { count, start: new Int32Array(count), end: new Int32Array(count) };
}

/**
 * The bins in each band, [lo, hi). A band narrower than the bin spacing (low
 * frequencies) holds no bin; it takes the bin nearest its centre, so every bar has a value.
 */
export function bandBinRanges(bands: Bands, grid: BinGrid): BinRanges {
  const ranges = allocate(bands.count);
  for (let i = 0; i < bands.count; i++) {
    let start = firstBinFrom(grid, bands.loHz[i]!);
    let end = firstBinFrom(grid, bands.hiHz[i]!);
    if (end <= start && grid.bins > 0) {
      const nearest = Math.round((bands.centreHz[i]! * grid.fftSize) / grid.sampleRateHz);
      start = Math.min(grid.bins - 1, Math.max(0, nearest));
      end = start + 1;
    }
    ranges.start[i] = start;
    ranges.end[i] = end;
  }
  return ranges;
}

/**
 * The bins in each pixel column x0..x1 (inclusive): column x covers the frequencies drawn
 * within [x - 0.5, x + 0.5). Columns between two bins (low frequencies) hold none and
 * are left out of the line, which then runs straight from bin to bin.
 */
export function columnBinRanges(axis: LogAxis, grid: BinGrid): BinRanges {
  const ranges = allocate(Math.max(0, axis.x1 - axis.x0 + 1));
  for (let i = 0; i < ranges.count; i++) {
    const x = axis.x0 + i;
    ranges.start[i] = firstBinFrom(grid, xToHz(axis, x - 0.5));
    ranges.end[i] = firstBinFrom(grid, xToHz(axis, x + 0.5));
  }
  return ranges;
}

export type Aggregate = "mean" | "max";

/**
 * dB per slot from power per bin: the mean ("power average") or the max of the slot's
 * bins; NaN for a slot without bins. Writes out[0..ranges.count).
 */
export function aggregateToDb(power: Float32Array, ranges: BinRanges, how: Aggregate, out: Float32Array): void {
  for (let i = 0; i < ranges.count; i++) {
    const start = ranges.start[i]!;
    const end = ranges.end[i]!;
    if (end <= start) {
      out[i] = NaN;
      continue;
    }
    let acc = 0;
    if (how === "max") {
      for (let k = start; k < end; k++) if (power[k]! > acc) acc = power[k]!;
    } else {
      for (let k = start; k < end; k++) acc += power[k]!;
      acc /= end - start;
    }
    out[i] = powerToDb(acc);
  }
}
