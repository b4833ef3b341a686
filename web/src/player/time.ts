// Playback times as people read them: "m:ss" below an hour, "h:mm:ss" from one hour.
// Digits and colons read the same in every language, so these need no translation.

/** Shown for a time that is not known (a stream, a generator, no track). */
export const UNKNOWN_TIME = "–:––";

/** Formats seconds (rounded down to whole seconds); unknown, negative or infinite reads UNKNOWN_TIME. */
export function formatTime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return UNKNOWN_TIME;
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Whether a duration can drive a seek bar: known, finite and above zero. */
export function isKnownDuration(seconds: number | null | undefined): seconds is number {
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0;
}
