import { describe, expect, it } from "vitest";
import { hzToX, xToHz, type LogAxis } from "./axes";
import { fractionalOctaveBands } from "./bands";
import { aggregateToDb, bandBinRanges, columnBinRanges, type BinGrid } from "./binRanges";
import { dbToPower } from "./power";

// 10 Hz per bin: bin k is at 10 k Hz, bin 100 at 1 kHz.
const grid: BinGrid = { bins: 2400, sampleRateHz: 48000, fftSize: 4800 };

/** Power per bin: silence except the given bins. */
function powerWith(levels: Record<number, number>): Float32Array {
  const p = new Float32Array(grid.bins);
  for (const [k, db] of Object.entries(levels)) p[Number(k)] = dbToPower(db);
  return p;
}

describe("fractional-octave bands", () => {
  const bands = fractionalOctaveBands(12, 20, 20000);
  it("are centred on 1 kHz x 2^(k/12) within 20 Hz..20 kHz", () => {
    const first = Math.ceil(12 * Math.log2(20 / 1000));
    const last = Math.floor(12 * Math.log2(20000 / 1000));
    expect(bands.count).toBe(last - first + 1);
    expect(bands.centreHz[0]).toBeCloseTo(1000 * Math.pow(2, first / 12), 6);
    expect(bands.centreHz[-first]).toBeCloseTo(1000, 9);
  });
  it("touch each other, each 1/12 octave wide", () => {
    for (let i = 0; i < bands.count; i++) {
      expect(bands.hiHz[i]! / bands.loHz[i]!).toBeCloseTo(Math.pow(2, 1 / 12), 9);
      if (i > 0) expect(bands.loHz[i]).toBeCloseTo(bands.hiHz[i - 1]!, 9);
    }
  });
});

describe("bin to band map", () => {
  const bands = fractionalOctaveBands(12, 20, 20000);
  const ranges = bandBinRanges(bands, grid);
  const at1k = bands.centreHz.findIndex((c) => Math.abs(c - 1000) < 1e-6);

  it("puts the 1 kHz bin in the band whose edges contain 1 kHz", () => {
    expect(bands.loHz[at1k]).toBeLessThanOrEqual(1000);
    expect(bands.hiHz[at1k]).toBeGreaterThan(1000);
    expect(ranges.start[at1k]).toBeLessThanOrEqual(100);
    expect(ranges.end[at1k]).toBeGreaterThan(100);
  });

  it("holds exactly the bins within the band's edges", () => {
    // 1000 x 2^(+-1/24) = 971.5 .. 1029.3 Hz: bins 98..102 (980..1020 Hz).
    expect([ranges.start[at1k], ranges.end[at1k]]).toEqual([98, 103]);
  });

  it("power-averages its bins: one bin at -10 dB among five reads -10 + 10 log10(1/5)", () => {
    const out = new Float32Array(ranges.count);
    aggregateToDb(powerWith({ 100: -10 }), ranges, "mean", out);
    expect(out[at1k]).toBeCloseTo(10 * Math.log10(0.1 / 5), 4);
    expect(out[at1k - 1]).toBe(-200);
    expect(out[at1k + 1]).toBe(-200);
  });

  it("gives a band narrower than a bin the bin nearest its centre", () => {
    const low = 0; // the first band, about 20.6 Hz: no bin within 1/12 octave of it
    expect(bands.hiHz[low]! - bands.loHz[low]!).toBeLessThan(10);
    expect(ranges.end[low]! - ranges.start[low]!).toBe(1);
    expect(ranges.start[low]).toBe(Math.round(bands.centreHz[low]! / 10));
  });

  it("never leaves a band without a bin", () => {
    for (let i = 0; i < ranges.count; i++) expect(ranges.end[i]!).toBeGreaterThan(ranges.start[i]!);
  });
});

describe("bin to column map", () => {
  const axis: LogAxis = { fMinHz: 20, fMaxHz: 20000, x0: 30, x1: 629 };
  const ranges = columnBinRanges(axis, grid);

  it("has one slot per column, x0..x1", () => {
    expect(ranges.count).toBe(600);
  });

  it("puts a bin in the column nearest its frequency", () => {
    for (const k of [5, 44, 100, 1234, 1999]) {
      const column = Math.round(hzToX(axis, k * 10)) - axis.x0;
      expect(ranges.start[column]!, `bin ${k}`).toBeLessThanOrEqual(k);
      expect(ranges.end[column]!, `bin ${k}`).toBeGreaterThan(k);
    }
  });

  it("covers every bin from 20 Hz to 20 kHz exactly once, in order", () => {
    let next = ranges.start[0]!;
    for (let i = 0; i < ranges.count; i++) {
      expect(ranges.start[i]).toBe(next);
      expect(ranges.end[i]!).toBeGreaterThanOrEqual(ranges.start[i]!);
      next = ranges.end[i]!;
    }
    // The first column starts half a column below 20 Hz (bin 2), the last ends half a
    // column above 20 kHz (bin 2000).
    expect(ranges.start[0]).toBe(Math.ceil(xToHz(axis, axis.x0 - 0.5) / 10));
    expect(ranges.start[0]).toBe(2);
    expect(next).toBe(Math.ceil(xToHz(axis, axis.x1 + 0.5) / 10));
    expect(next).toBeGreaterThan(2000);
  });

  it("takes the max of a column's bins, NaN for a column without any", () => {
    // High up, a column spans many bins: put -30 and -12 dB in the same one.
    const column = Math.round(hzToX(axis, 15000)) - axis.x0;
    const [a, b] = [ranges.start[column]!, ranges.end[column]! - 1];
    expect(b).toBeGreaterThan(a);
    const out = new Float32Array(ranges.count);
    aggregateToDb(powerWith({ [a]: -30, [b]: -12 }), ranges, "max", out);
    expect(out[column]).toBeCloseTo(-12, 4);
    const empty = Array.from({ length: ranges.count }, (_, i) => i).find((i) => ranges.end[i] === ranges.start[i]);
    expect(empty).toBeDefined(); // low down, columns lie between bins
    expect(out[empty!]).toBeNaN();
  });
});
