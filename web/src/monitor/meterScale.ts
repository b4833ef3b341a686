// The level meters' scale: linear in dB from METER_MIN_DB (empty) to METER_MAX_DB (full).

export const METER_MIN_DB = -60;
export const METER_MAX_DB = 0;

/** How full a meter is at `db`, 0 to 1. */
export function meterFraction(db: number): number {
  if (!(db > METER_MIN_DB)) return 0; // also NaN and -200 (silence)
  return db >= METER_MAX_DB ? 1 : (db - METER_MIN_DB) / (METER_MAX_DB - METER_MIN_DB);
}
