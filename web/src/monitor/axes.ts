// The spectrum plot's two axes, in canvas backing-store pixels: frequency on a log scale
// (x), level in dB on a linear one (y). Pixel column c is the one whose centre lies at
// c + 0.5; `hzToX` answers a fractional column, so Math.round(hzToX(f)) is the column
// where f is drawn, and the end-to-end tests invert exactly this mapping.

export interface LogAxis {
  /** Frequency at column x0, Hz. */
  fMinHz: number;
  /** Frequency at column x1, Hz. */
  fMaxHz: number;
  x0: number;
  x1: number;
}

export interface DbAxis {
  /** Level at row y1 (the bottom), dB. */
  dbMin: number;
  /** Level at row y0 (the top), dB. */
  dbMax: number;
  y0: number;
  y1: number;
}

/** The (fractional) column where `hz` lies. */
export function hzToX(axis: LogAxis, hz: number): number {
  return axis.x0 + ((axis.x1 - axis.x0) * Math.log(hz / axis.fMinHz)) / Math.log(axis.fMaxHz / axis.fMinHz);
}

/** The frequency at a (fractional) column, Hz: the inverse of hzToX. */
export function xToHz(axis: LogAxis, x: number): number {
  return axis.fMinHz * Math.pow(axis.fMaxHz / axis.fMinHz, (x - axis.x0) / (axis.x1 - axis.x0));
}

/** The (fractional) row of a level, clamped to the plot so nothing is drawn outside it. */
export function dbToY(axis: DbAxis, db: number): number {
  const t = (axis.dbMax - db) / (axis.dbMax - axis.dbMin);
  const clamped = t < 0 ? 0 : t > 1 ? 1 : t;
  return axis.y0 + (axis.y1 - axis.y0) * clamped;
}
