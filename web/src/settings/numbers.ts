// Numbers typed by people: a decimal comma (German) and a typographic minus are taken as
// well as "." and "-". Shared by the volume input and the rate inputs.

/** The number in a text, or null when it is not a plain decimal number. */
export function parseDecimal(text: string): number | null {
  const normalized = text.trim().replace(/\u2212/g, "-").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized)) return null;
  return Number(normalized);
}

/** A typed whole number within min..max (rounded, then clamped); null when it is not a number. */
export function parseWholeInRange(text: string, min: number, max: number): number | null {
  const value = parseDecimal(text);
  return value === null ? null : Math.min(max, Math.max(min, Math.round(value)));
}
