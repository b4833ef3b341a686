// Colours of the theme as the canvas sees them. A canvas context serialises any opaque
// colour it is given as "#rrggbb" (and a translucent one as "rgba(...)"), so a theme
// variable goes through `ctx.fillStyle` first and comes out in a form parsed here.

/** "rgb(r, g, b)" from "#rgb", "#rrggbb" or "rgb(a)(r, g, b[, a])"; null if not one. */
export function toRgbString(color: string): string | null {
  const c = color.trim().toLowerCase();
  let m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(c);
  if (m) return rgb(parseInt(m[1]! + m[1]!, 16), parseInt(m[2]! + m[2]!, 16), parseInt(m[3]! + m[3]!, 16));
  m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(c);
  if (m) return rgb(parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16));
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(c);
  if (m) return rgb(Math.round(Number(m[1])), Math.round(Number(m[2])), Math.round(Number(m[3])));
  return null;
}

function rgb(r: number, g: number, b: number): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * A theme variable (e.g. "--trace") of `el`, normalised by the canvas context; the
 * fallback when unset. Call on mount and on theme changes only (getComputedStyle is slow).
 */
export function readThemeColor(
  style: CSSStyleDeclaration,
  name: string,
  ctx: CanvasRenderingContext2D,
  fallback: string,
): string {
  const value = resolveLightDark(style.getPropertyValue(name).trim(), isDark(style));
  ctx.fillStyle = fallback;
  if (value) ctx.fillStyle = value; // an invalid value leaves the fallback in place
  return String(ctx.fillStyle);
}

/**
 * The theme writes light/dark pairs as `light-dark(LIGHT, DARK)` (theme.css), which a
 * canvas does not understand: the half that applies, or `value` when it is not a pair.
 */
export function resolveLightDark(value: string, dark: boolean): string {
  const m = /^light-dark\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)$/.exec(value);
  return m ? (dark ? m[2]! : m[1]!) : value;
}

/** Whether an element is drawn dark: its color-scheme, and for "light dark" the system's. */
function isDark(style: CSSStyleDeclaration): boolean {
  const scheme = style.getPropertyValue("color-scheme");
  if (!scheme.includes("dark")) return false;
  if (!scheme.includes("light")) return true;
  return globalThis.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
}
