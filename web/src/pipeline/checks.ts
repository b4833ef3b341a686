// Client-side checks that mirror the engine's (validate.rs and the vortex-dsp designs),
// so a value is explained next to its field before anything is sent. Every issue is
// located by the same path the engine would use (`filters.eq1.gain`, `steps[2].names[0]`).

import { designFilter } from "./design";
import { DESIGN_ERROR_CODES, DesignError } from "./designError";
import { typeSpec, type ParamSpec, type SpecContext } from "./filterTypes";
import { inRange, paramRange, type RangeInfo } from "./format";
import { channelCounts, type FilterDef, type PipelineDoc } from "./model";

/** Every problem a check reports (translated as `pipeline-issue-<code>`). */
export const ISSUE_CODES = [
  ...DESIGN_ERROR_CODES,
  "required",
  "number",
  "integer",
  "even",
  "range",
  "items",
  "bool",
  "option",
  "text",
  "unknown-filter",
  "unknown-mixer",
  "channels-empty",
  "channel-missing",
  "channel-twice",
  "mixer-channels",
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface Issue {
  /** Where, as the engine's paths: `filters.<name>.<param>`, `steps[i].channels[j]`. */
  path: string;
  code: IssueCode;
  /** For `range`: the valid range. For `items`: the number of items allowed. */
  range?: RangeInfo;
  /** The value at fault, where it helps the message (a channel, a name). */
  value?: string | number;
}

/** Checks one value against its spec; null when fine. */
function checkValue(p: ParamSpec, v: unknown, ctx: SpecContext): Omit<Issue, "path"> | null {
  switch (p.kind) {
    case "number":
    case "integer": {
      if (typeof v !== "number" || !Number.isFinite(v)) return { code: "number" };
      if (p.kind === "integer" && !Number.isInteger(v)) return { code: "integer" };
      const range = paramRange(p, ctx);
      if (!inRange(v, range)) return { code: "range", range };
      if (p.even && v % 2 !== 0) return { code: "even" };
      return null;
    }
    case "bool":
      return typeof v === "boolean" ? null : { code: "bool" };
    case "enum":
      return typeof v === "string" && p.options?.includes(v) ? null : { code: "option" };
    case "string":
      return typeof v === "string" && v.trim() !== "" ? null : { code: "text" };
    case "list":
      return Array.isArray(v) ? null : { code: "number" };
  }
}

/** Every problem of one filter, with paths `filters.<name>.<param>`. */
export function checkFilter(name: string, f: FilterDef, sampleRateHz: number): Issue[] {
  const at = (param: string): string => `filters.${name}.${param}`;
  const spec = typeSpec(f.type);
  if (!spec) return [{ path: at("type"), code: "unknown-type", value: f.type }];
  const ctx: SpecContext = { sampleRateHz, filter: f };
  const issues: Issue[] = [];
  const group = spec.oneOf?.params ?? [];
  const given = group.filter((p) => f[p] !== undefined);
  // Located where the engine locates them (validate.rs: width, shelf; the conv source).
  const source = spec.oneOf?.id === "source";
  if (group.length && given.length > 1) {
    issues.push({ path: at(source ? "values" : group.includes("slope") ? "slope" : "bandwidth"), code: source ? "source-many" : "width-many" });
  }
  if (group.length && given.length === 0) {
    issues.push({ path: at(source ? "file" : "q"), code: source ? "source-missing" : "width-missing" });
  }

  for (const p of spec.params) {
    let v = f[p.name];
    if (v === undefined) {
      if (!p.optional) issues.push({ path: at(p.name), code: "required" });
      // An absent value is the engine's default, which must fit too (a graphic EQ's
      // 20 kHz top edge at 32 kHz); members of a oneOf group have no default.
      if (!p.optional || group.includes(p.name)) continue;
      v = p.default;
    }
    const problem = checkValue(p, v, ctx);
    if (problem) {
      issues.push({ path: at(p.name), ...problem });
      continue;
    }
    if (p.kind === "list" && Array.isArray(v)) {
      const items: RangeInfo = { min: p.minItems, max: p.maxItems };
      if (!inRange(v.length, items)) issues.push({ path: at(p.name), code: "items", range: items });
      const item: ParamSpec = { ...p, kind: "number" };
      v.forEach((x, i) => {
        const bad = checkValue(item, x, ctx);
        if (bad) issues.push({ path: at(`${p.name}[${i}]`), ...bad });
      });
    }
  }
  if (issues.length === 0) {
    // What the ranges cannot say (stability, freq_max above freq_min): the design itself.
    try {
      designFilter(f, sampleRateHz);
    } catch (e) {
      if (!(e instanceof DesignError)) throw e;
      issues.push({ path: at(e.field), code: e.code });
    }
  }
  return issues;
}

/** Every problem of a pipeline for `channels` input channels at `sampleRateHz`. */
export function checkPipeline(p: PipelineDoc, channels: number, sampleRateHz: number): Issue[] {
  const issues: Issue[] = [];
  // The engine designs every filter, used or not.
  for (const [name, f] of Object.entries(p.filters)) issues.push(...checkFilter(name, f, sampleRateHz));
  const counts = channelCounts(p, channels);
  p.steps.forEach((step, i) => {
    const n = counts[i]!;
    if (step.type === "filter") {
      if (step.channels) {
        if (step.channels.length === 0) issues.push({ path: `steps[${i}].channels`, code: "channels-empty" });
        step.channels.forEach((c, j) => {
          if (!Number.isInteger(c) || c < 0 || c >= n) {
            issues.push({ path: `steps[${i}].channels[${j}]`, code: "channel-missing", value: c + 1, range: { min: 1, max: n } });
          } else if (step.channels!.indexOf(c) < j) {
            issues.push({ path: `steps[${i}].channels[${j}]`, code: "channel-twice", value: c + 1 });
          }
        });
      }
      step.names.forEach((name, j) => {
        if (!p.filters[name]) issues.push({ path: `steps[${i}].names[${j}]`, code: "unknown-filter", value: name });
      });
    } else {
      const m = p.mixers?.[step.name];
      if (!m) issues.push({ path: `steps[${i}].name`, code: "unknown-mixer", value: step.name });
      else if (!step.bypassed && m.channels_in !== n) {
        issues.push({ path: `mixers.${step.name}.channels_in`, code: "mixer-channels", value: n });
      }
    }
  });
  return issues;
}
