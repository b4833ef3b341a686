// How the monitor writes its numbers. Test hooks read these texts, so they are plain
// (a dot for decimals in every language, ASCII minus) and carry no unit: units are
// separate, translated elements next to them.

/** Shown for a value that does not exist now (unvoiced pitch, no data). */
export const NO_VALUE = "-";
/** Levels at or below this read as silence (the wire says -200). */
export const SILENCE_BELOW_DB = -199;

/** dBFS or LUFS with one decimal; "-inf" for silence. */
export function formatDb(db: number): string {
  if (!Number.isFinite(db) || db < SILENCE_BELOW_DB) return "-inf";
  return db.toFixed(1);
}

/** A loudness range, LU, one decimal; "-" while undefined (negative on the wire). */
export function formatLu(lu: number): string {
  return Number.isFinite(lu) && lu >= 0 ? lu.toFixed(1) : NO_VALUE;
}

/** Cents, whole, always signed ("+21", "-3", "0"); "-" when there is none. */
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return NO_VALUE;
  const whole = Math.round(cents);
  return whole > 0 ? `+${whole}` : whole < 0 ? `${whole}` : "0";
}

/** A number with fixed decimals, "-" when not finite. */
export function formatFixed(value: number, decimals: number): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : NO_VALUE;
}

/** A fraction (0..1) as a percentage with fixed decimals. */
export function formatPercent(fraction: number, decimals: number): string {
  return formatFixed(fraction * 100, decimals);
}
