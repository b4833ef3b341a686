// The master volume, dB. The engine takes -150..0 dB (0 = unity gain, never louder);
// the slider spans only -80..0 dB, where hearing tells the steps apart, and the number
// input next to it reaches the rest. Below the slider's range the slider rests at its
// bottom while the number shows the real value.

import { parseDecimal } from "../settings/numbers";

export const VOLUME_MIN_DB = -150;
export const VOLUME_MAX_DB = 0;
/** Bottom of the slider, dB. */
export const SLIDER_MIN_DB = -80;
/** Slider step, dB. */
export const SLIDER_STEP_DB = 0.5;

/** A volume within the engine's range; null for something that is not a number. */
export function clampVolumeDb(db: number): number | null {
  if (!Number.isFinite(db)) return null;
  return Math.min(VOLUME_MAX_DB, Math.max(VOLUME_MIN_DB, db));
}

/** Where the slider shows a volume: the volume itself, or the slider's bottom below it. */
export function sliderPositionDb(db: number): number {
  return Math.max(SLIDER_MIN_DB, clampVolumeDb(db) ?? SLIDER_MIN_DB);
}

/**
 * The volume typed into the number input: a decimal number (a comma as the decimal
 * separator and a typographic minus are taken too), clamped to the engine's range;
 * null when it is not a number.
 */
export function parseVolumeDb(text: string): number | null {
  const db = parseDecimal(text);
  return db === null ? null : clampVolumeDb(db);
}

