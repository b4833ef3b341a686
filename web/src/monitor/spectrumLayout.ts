// Where the spectrum plot lies on its canvas (backing-store pixels) and what its axes
// span: 20 Hz to 20 kHz on a log scale, -120 to 0 dBFS. Margins leave room for the
// labels outside the plot: dB on the left, Hz below.

import type { DbAxis, LogAxis } from "./axes";

export const SPECTRUM_F_MIN_HZ = 20;
export const SPECTRUM_F_MAX_HZ = 20000;
export const SPECTRUM_DB_MIN = -120;
export const SPECTRUM_DB_MAX = 0;
/** Labelled frequency gridlines, Hz. */
export const SPECTRUM_GRID_HZ: readonly number[] = [50, 100, 200, 500, 1000, 2000, 5000, 10000];
/** Gridlines every 10 dB, labels every 20 dB. */
export const SPECTRUM_GRID_DB_STEP = 10;
export const SPECTRUM_LABEL_DB_STEP = 20;

/** Margins around the plot, CSS px. */
const MARGIN = { left: 38, right: 14, top: 8, bottom: 22 };

export interface SpectrumLayout {
  width: number;
  height: number;
  dpr: number;
  axis: LogAxis;
  db: DbAxis;
}

export function spectrumLayout(width: number, height: number, dpr: number): SpectrumLayout {
  const x0 = Math.round(MARGIN.left * dpr);
  const y0 = Math.round(MARGIN.top * dpr);
  // At least one column and row of plot, however small the canvas.
  const x1 = Math.max(x0 + 1, width - 1 - Math.round(MARGIN.right * dpr));
  const y1 = Math.max(y0 + 1, height - 1 - Math.round(MARGIN.bottom * dpr));
  return {
    width,
    height,
    dpr,
    axis: { fMinHz: SPECTRUM_F_MIN_HZ, fMaxHz: SPECTRUM_F_MAX_HZ, x0, x1 },
    db: { dbMin: SPECTRUM_DB_MIN, dbMax: SPECTRUM_DB_MAX, y0, y1 },
  };
}

/** A gridline frequency as its label: "50", "500", "1k", "10k". */
export function hzLabel(hz: number): string {
  return hz >= 1000 ? `${hz / 1000}k` : `${hz}`;
}
