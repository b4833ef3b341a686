// The one-line summary of a filter: "Peaking 1000 Hz +6.0 dB Q 1.41".

import { effectiveValue, isShown, resolveUnit, typeSpec, type ParamSpec, type SpecContext } from "./filterTypes";
import { formatNumber, formatSigned, type Translate } from "./format";
import type { FilterDef } from "./model";

/** Parameters too detailed for one line (times, formats, defaults rarely changed). */
const LEFT_OUT = new Set([
  "scale",
  "unit",
  "a0",
  "format",
  "channel",
  "raw_channels",
  "knee",
  "attack",
  "release",
  "hold",
  "lookahead",
  "ramp_time",
  "makeup",
  "attenuation",
]);

/** Units shown with a sign and one decimal (levels and gains). */
const LEVEL_UNITS = new Set(["db", "dbfs", "dbtp"]);

function part(p: ParamSpec, v: unknown, ctx: SpecContext, t: Translate, locale: string): string | null {
  if (typeof v === "boolean") return v ? t(`pipeline-param-${p.name}`) : null;
  if (typeof v === "string") return p.kind === "string" ? v : null;
  if (Array.isArray(v)) {
    return p.name === "gains" ? t("pipeline-summary-bands", { count: v.length }) : t("pipeline-summary-taps", { count: v.length });
  }
  if (typeof v !== "number" || !Number.isFinite(v)) return t("pipeline-summary-invalid", { name: p.name });
  const unit = resolveUnit(p, ctx);
  if (unit && LEVEL_UNITS.has(unit)) return `${formatSigned(v, locale)} ${t(`pipeline-unit-${unit}`)}`;
  if (unit === "hz") return `${formatNumber(v, locale, v >= 100 ? 0 : 1)} ${t("pipeline-unit-hz")}`;
  if (unit) return `${formatNumber(v, locale, 2)} ${t(`pipeline-unit-short-${unit}`)}`;
  const digits = p.name.startsWith("q") ? 2 : 3;
  return t("pipeline-summary-labelled", { name: t(`pipeline-short-${p.name}`), value: formatNumber(v, locale, digits, p.name.startsWith("q") ? 2 : 0) });
}

/** "Peaking 1000 Hz +6.0 dB Q 1.41" in the UI's language. */
export function summarize(f: FilterDef, sampleRateHz: number, t: Translate, locale: string): string {
  const spec = typeSpec(f.type);
  if (!spec) return t("pipeline-type-unknown", { type: f.type });
  const ctx: SpecContext = { sampleRateHz, filter: f };
  const parts = [t(`pipeline-type-${f.type}`)];
  for (const p of spec.params) {
    if (LEFT_OUT.has(p.name) || !isShown(spec, p, f)) continue;
    if (p.optional && f[p.name] === undefined && p.kind !== "number") continue;
    const s = part(p, effectiveValue(p, f), ctx, t, locale);
    if (s) parts.push(s);
  }
  return parts.join(" ");
}
