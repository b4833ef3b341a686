// What the spectrum view draws, computed from a SpectrumFrame without a canvas: one dB
// value per slot (a band in "bars" mode, a pixel column in "line" mode) per trace, and
// the peak hold. All arrays are allocated when the layout changes (bins, sample rate,
// FFT size, plot width, mode, channel count), never per frame.
//
// Aggregation: bars are 1/12-octave bands holding the POWER AVERAGE of their bins (a
// band's energy density, so a band does not read louder for holding more bins); line
// columns hold the MAX of their bins (a narrow peak keeps its height however many bins
// share a pixel). Channels are summed as a power average too ("sum" mode).

import { hzToX, type LogAxis } from "./axes";
import { fractionalOctaveBands, type Bands } from "./bands";
import { aggregateToDb, bandBinRanges, columnBinRanges, type BinRanges } from "./binRanges";
import { updatePeakHold } from "./peakHold";
import { binPower } from "./power";
import { SPECTRUM_F_MAX_HZ, SPECTRUM_F_MIN_HZ } from "./spectrumLayout";
import type { SpectrumFrame } from "../protocol/spectrum";

export type SpectrumMode = "bars" | "line";
export type ChannelMode = "sum" | "each";

export const BANDS_PER_OCTAVE = 12;

export class SpectrumModel {
  readonly bands: Bands = fractionalOctaveBands(BANDS_PER_OCTAVE, SPECTRUM_F_MIN_HZ, SPECTRUM_F_MAX_HZ);
  mode: SpectrumMode = "bars";
  /** Slots in use. */
  slots = 0;
  /** Each slot's first and one-past-last pixel column. */
  slotLeft = new Int32Array(0);
  slotRight = new Int32Array(0);
  /** dB per slot, one array per trace (NaN: no value). */
  traces: Float32Array[] = [];
  /** Traces in use (1 in "sum" mode, the channel count in "each"). */
  traceCount = 0;
  /** Held peak per slot, dB (NaN: none); follows the highest trace. */
  hold = new Float32Array(0);

  private ranges: BinRanges | null = null;
  /** What the slots were computed for (compared field by field: no string per frame). */
  private readonly laidOut = { mode: "" as string, bins: -1, sampleRate: -1, fftSize: -1, x0: -1, x1: -1 };
  private power = new Float32Array(0);
  private envelope = new Float32Array(0);

  /** Forgets the held peaks. */
  resetHold(): void {
    this.hold.fill(NaN);
  }

  /**
   * Computes the traces of `frame` and moves the peak hold on by `dtS` seconds
   * (falling at `fallDbPerS`; 0 keeps peaks until resetHold).
   */
  update(
    frame: SpectrumFrame,
    axis: LogAxis,
    mode: SpectrumMode,
    channels: ChannelMode,
    dtS: number,
    fallDbPerS: number,
  ): void {
    const traceCount = channels === "sum" ? Math.min(1, frame.channels) : frame.channels;
    this.relayout(frame, axis, mode, traceCount);
    const ranges = this.ranges!;
    const how = mode === "bars" ? "mean" : "max";
    for (let t = 0; t < traceCount; t++) {
      const first = channels === "sum" ? 0 : t;
      const count = channels === "sum" ? frame.channels : 1;
      binPower(frame.magnitudes, frame.bins, first, count, this.power);
      aggregateToDb(this.power, ranges, how, this.traces[t]!);
    }
    this.updateEnvelope();
    updatePeakHold(this.hold, this.envelope, this.slots, dtS, fallDbPerS);
  }

  /** The highest trace per slot, into `envelope`. */
  private updateEnvelope(): void {
    const env = this.envelope;
    for (let i = 0; i < this.slots; i++) {
      let max = NaN;
      for (let t = 0; t < this.traceCount; t++) {
        const v = this.traces[t]![i]!;
        if (!(v <= max)) max = v; // also takes v when max is NaN
      }
      env[i] = max;
    }
  }

  private relayout(frame: SpectrumFrame, axis: LogAxis, mode: SpectrumMode, traceCount: number): void {
    const l = this.laidOut;
    if (
      l.mode !== mode ||
      l.bins !== frame.bins ||
      l.sampleRate !== frame.sampleRate ||
      l.fftSize !== frame.fftSize ||
      l.x0 !== axis.x0 ||
      l.x1 !== axis.x1
    ) {
      Object.assign(l, { mode, bins: frame.bins, sampleRate: frame.sampleRate, fftSize: frame.fftSize, x0: axis.x0, x1: axis.x1 });
      this.mode = mode;
      const grid = { bins: frame.bins, sampleRateHz: frame.sampleRate, fftSize: frame.fftSize };
      this.ranges = mode === "bars" ? bandBinRanges(this.bands, grid) : columnBinRanges(axis, grid);
      this.slots = this.ranges.count;
      this.slotLeft = new Int32Array(this.slots);
      this.slotRight = new Int32Array(this.slots);
      this.placeSlots(axis);
      this.hold = new Float32Array(this.slots).fill(NaN);
      this.envelope = new Float32Array(this.slots);
      this.traces = [];
      this.traceCount = 0;
    }
    if (this.power.length < frame.bins) this.power = new Float32Array(frame.bins);
    while (this.traces.length < traceCount) this.traces.push(new Float32Array(this.slots));
    this.traceCount = traceCount;
  }

  /** Pixel columns of each slot: a band spans its edges (clipped to the plot). */
  private placeSlots(axis: LogAxis): void {
    for (let i = 0; i < this.slots; i++) {
      if (this.mode === "line") {
        this.slotLeft[i] = axis.x0 + i;
        this.slotRight[i] = axis.x0 + i + 1;
        continue;
      }
      const left = Math.round(hzToX(axis, this.bands.loHz[i]!));
      const right = Math.round(hzToX(axis, this.bands.hiHz[i]!));
      this.slotLeft[i] = Math.max(axis.x0, left);
      this.slotRight[i] = Math.max(this.slotLeft[i]! + 1, Math.min(axis.x1 + 1, right));
    }
  }
}
