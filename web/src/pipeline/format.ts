// Numbers and ranges as the pipeline page shows them, in the UI's locale. Messages
// come through a `Translate` function (fluent's $t), so these helpers stay testable.

import type { ParamSpec, SpecContext, UnitId } from "./filterTypes";
import { resolveBound } from "./filterTypes";

export type Translate = (id: string, args?: Record<string, string | number>) => string;

/** A number with at most `maxDigits` decimals (and at least `minDigits`). */
export function formatNumber(v: number, locale: string, maxDigits = 3, minDigits = 0): string {
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: maxDigits,
    minimumFractionDigits: minDigits,
    useGrouping: false,
  }).format(v);
}

/** A gain with its sign and one decimal: "+6.0", "-9.5", "0.0". */
export function formatSigned(v: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: "exceptZero",
    useGrouping: false,
  }).format(v);
}

/** A valid range: bounds (absent: unbounded) and whether they are excluded. */
export interface RangeInfo {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export function paramRange(p: ParamSpec, ctx: SpecContext): RangeInfo {
  return {
    min: resolveBound(p.min, ctx),
    max: resolveBound(p.max, ctx),
    minExclusive: p.minExclusive,
    maxExclusive: p.maxExclusive,
  };
}

/** Whether `v` lies in the range. */
export function inRange(v: number, r: RangeInfo): boolean {
  if (r.min !== undefined && (r.minExclusive ? !(v > r.min) : !(v >= r.min))) return false;
  if (r.max !== undefined && (r.maxExclusive ? !(v < r.max) : !(v <= r.max))) return false;
  return true;
}

/**
 * The range in words: "-24–24", "above 0, below 24000", "above 0, up to 100", "0 or more".
 * The selector `$bounds` picks the wording (pipeline-range in the .ftl files).
 */
export function formatRange(r: RangeInfo, t: Translate, locale: string): string {
  const min = r.min === undefined ? "" : formatNumber(r.min, locale);
  const max = r.max === undefined ? "" : formatNumber(r.max, locale);
  const lower = r.min === undefined ? "none" : r.minExclusive ? "open" : "closed";
  const upper = r.max === undefined ? "none" : r.maxExclusive ? "open" : "closed";
  if (lower === "none" && upper === "none") return t("pipeline-range-any");
  return t("pipeline-range", { bounds: `${lower}-${upper}`, min, max });
}

/** "Hz, above 0, below 24000" (or the range alone for unitless values). */
export function formatHint(unit: UnitId | undefined, r: RangeInfo, t: Translate, locale: string): string {
  const range = formatRange(r, t, locale);
  return unit ? t("pipeline-hint", { unit: t(`pipeline-unit-${unit}`), range }) : range;
}
