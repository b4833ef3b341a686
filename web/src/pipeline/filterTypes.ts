// Every filter type the engine knows (FilterConfig in crates/vortex-engine/src/config.rs),
// with each parameter's kind, unit, valid range (validate.rs and the vortex-dsp checks)
// and a sensible default for a newly added filter. The forms, the client-side checks,
// the summaries and the defaults are all driven by this table.

import type { FilterValue } from "../protocol/types";
import type { FilterDef } from "./model";

/** Units, translated as `pipeline-unit-<id>` (and `pipeline-unit-short-<id>` in summaries). */
export const UNITS = ["hz", "db", "octaves", "db-per-octave", "ms", "dbfs", "dbtp", "samples", "mm"] as const;
export type UnitId = (typeof UNITS)[number];

/** What a range may depend on. */
export interface SpecContext {
  sampleRateHz: number;
  filter: FilterDef;
}

export type Bound = number | ((ctx: SpecContext) => number);

export interface ParamSpec {
  name: string;
  /** `list`: numbers (graphic EQ gains, inline impulse response). */
  kind: "number" | "integer" | "bool" | "enum" | "string" | "list";
  unit?: UnitId | ((ctx: SpecContext) => UnitId | undefined);
  min?: Bound;
  max?: Bound;
  /** The bound itself is not allowed (a frequency must be above 0 and below Nyquist). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Integers that must be even (Linkwitz-Riley orders). */
  even?: boolean;
  /** Step of the number input (and its arrow keys). */
  step?: number;
  default: FilterValue | number[];
  /** May be absent: the engine has a default, or it is one of a `oneOf` group. */
  optional?: boolean;
  options?: readonly string[];
  /** Lists: fewest and most items. */
  minItems?: number;
  maxItems?: number;
}

/** Groups of the type picker, in its order (translated as `pipeline-category-<id>`). */
export const CATEGORIES = ["eq", "pass", "crossover", "utility", "dynamics", "convolution"] as const;
export type Category = (typeof CATEGORIES)[number];

export interface TypeSpec {
  type: string;
  category: Category;
  params: readonly ParamSpec[];
  /** Parameters of which exactly one is given: a bell's width, a shelf's steepness, a conv's source. */
  oneOf?: { id: "width" | "source"; params: readonly string[] };
  /** False for what has no fixed frequency response (dynamics, FIR from a file). */
  plotted: boolean;
}

/** Largest EQ boost or cut, dB: the engine clamps beyond it (with a warning), so we stop there. */
export const EQ_GAIN_LIMIT_DB = 24;
/** Largest static gain, dB (same clamp). */
export const GAIN_LIMIT_DB = 24;
/** The linear equivalent, rounded down to what the input shows. */
export const GAIN_LIMIT_LINEAR = Math.floor(10 ** (GAIN_LIMIT_DB / 20) * 100) / 100;
export const MAX_Q = 100;
export const MAX_BANDWIDTH_OCT = 10;
export const MAX_DELAY_S = 60;
export const SPEED_OF_SOUND_M_S = 343;

const nyquist = (c: SpecContext): number => c.sampleRateHz / 2;

const freq = (name: string, def: number): ParamSpec => ({
  name,
  kind: "number",
  unit: "hz",
  min: 0,
  minExclusive: true,
  max: nyquist,
  maxExclusive: true,
  step: 1,
  default: def,
});
const q = (name: string, def: number, optional = false): ParamSpec => ({
  name,
  kind: "number",
  min: 0,
  minExclusive: true,
  max: MAX_Q,
  step: 0.01,
  default: def,
  optional,
});
const bandwidth: ParamSpec = {
  name: "bandwidth",
  kind: "number",
  unit: "octaves",
  min: 0,
  minExclusive: true,
  max: MAX_BANDWIDTH_OCT,
  step: 0.01,
  default: 1,
  optional: true,
};
const slope: ParamSpec = {
  name: "slope",
  kind: "number",
  unit: "db-per-octave",
  min: 0,
  minExclusive: true,
  max: 12,
  step: 0.1,
  default: 12,
  optional: true,
};
const eqGain = (def = 0): ParamSpec => ({
  name: "gain",
  kind: "number",
  unit: "db",
  min: -EQ_GAIN_LIMIT_DB,
  max: EQ_GAIN_LIMIT_DB,
  step: 0.1,
  default: def,
});
const ms = (name: string, min: number, max: number, def: number, optional = true): ParamSpec => ({
  name,
  kind: "number",
  unit: "ms",
  min,
  max,
  step: min > 0 && min < 1 ? 0.01 : 1,
  default: def,
  optional,
});
const db = (name: string, min: number, max: number, def: number, unit: UnitId = "db", optional = false): ParamSpec => ({
  name,
  kind: "number",
  unit,
  min,
  max,
  step: 0.1,
  default: def,
  optional,
});
const coefficient = (name: string, def: number, optional = false): ParamSpec => ({
  name,
  kind: "number",
  step: 0.001,
  default: def,
  optional,
});
const order = (even: boolean): ParamSpec => ({
  name: "order",
  kind: "integer",
  min: even ? 2 : 1,
  max: even ? 48 : 24,
  even,
  step: even ? 2 : 1,
  default: 4,
});
const flag = (name: string): ParamSpec => ({ name, kind: "bool", default: false, optional: true });

const WIDTH = { id: "width", params: ["q", "bandwidth"] } as const;
const SHELF = { id: "width", params: ["q", "slope", "bandwidth"] } as const;

/** Most delay a filter may add, in its own unit (60 s). */
function delayMax(c: SpecContext): number {
  switch (c.filter["unit"]) {
    case "samples":
      return MAX_DELAY_S * c.sampleRateHz;
    case "mm":
      return MAX_DELAY_S * SPEED_OF_SOUND_M_S * 1000;
    default:
      return MAX_DELAY_S * 1000;
  }
}

const isLinear = (c: SpecContext): boolean => c.filter["scale"] === "linear";

export const FILTER_TYPES: readonly TypeSpec[] = [
  { type: "peaking", category: "eq", params: [freq("freq", 1000), eqGain(), q("q", 1.41, true), bandwidth], oneOf: WIDTH, plotted: true },
  { type: "lowshelf", category: "eq", params: [freq("freq", 100), eqGain(), q("q", 0.707, true), slope, bandwidth], oneOf: SHELF, plotted: true },
  { type: "highshelf", category: "eq", params: [freq("freq", 8000), eqGain(), q("q", 0.707, true), slope, bandwidth], oneOf: SHELF, plotted: true },
  { type: "lowshelf_fo", category: "eq", params: [freq("freq", 100), eqGain()], plotted: true },
  { type: "highshelf_fo", category: "eq", params: [freq("freq", 8000), eqGain()], plotted: true },
  { type: "tilt", category: "eq", params: [db("gain", -20, 20, 0)], plotted: true },
  {
    type: "graphic_eq",
    category: "eq",
    params: [
      { ...freq("freq_min", 20), optional: true },
      { ...freq("freq_max", 20000), optional: true },
      { name: "gains", kind: "list", unit: "db", min: -EQ_GAIN_LIMIT_DB, max: EQ_GAIN_LIMIT_DB, step: 0.1, default: new Array(10).fill(0), minItems: 1, maxItems: 512 },
    ],
    plotted: true,
  },
  { type: "lowpass", category: "pass", params: [freq("freq", 10000), q("q", 0.707)], plotted: true },
  { type: "highpass", category: "pass", params: [freq("freq", 40), q("q", 0.707)], plotted: true },
  { type: "lowpass_fo", category: "pass", params: [freq("freq", 10000)], plotted: true },
  { type: "highpass_fo", category: "pass", params: [freq("freq", 40)], plotted: true },
  { type: "bandpass", category: "pass", params: [freq("freq", 1000), q("q", 1, true), bandwidth], oneOf: WIDTH, plotted: true },
  { type: "notch", category: "pass", params: [freq("freq", 1000), q("q", 2, true), bandwidth], oneOf: WIDTH, plotted: true },
  { type: "allpass", category: "pass", params: [freq("freq", 1000), q("q", 0.707, true), bandwidth], oneOf: WIDTH, plotted: true },
  { type: "allpass_fo", category: "pass", params: [freq("freq", 1000)], plotted: true },
  {
    type: "linkwitz_transform",
    category: "pass",
    params: [freq("freq_act", 50), q("q_act", 0.7), freq("freq_target", 30), q("q_target", 0.5)],
    plotted: true,
  },
  {
    type: "biquad",
    category: "pass",
    params: [coefficient("b0", 1), coefficient("b1", 0), coefficient("b2", 0), coefficient("a0", 1, true), coefficient("a1", 0), coefficient("a2", 0)],
    plotted: true,
  },
  { type: "butterworth_lowpass", category: "crossover", params: [freq("freq", 2000), order(false)], plotted: true },
  { type: "butterworth_highpass", category: "crossover", params: [freq("freq", 2000), order(false)], plotted: true },
  { type: "linkwitz_riley_lowpass", category: "crossover", params: [freq("freq", 2000), order(true)], plotted: true },
  { type: "linkwitz_riley_highpass", category: "crossover", params: [freq("freq", 2000), order(true)], plotted: true },
  {
    type: "gain",
    category: "utility",
    params: [
      {
        name: "gain",
        kind: "number",
        unit: (c) => (isLinear(c) ? undefined : "db"),
        min: (c) => (isLinear(c) ? -GAIN_LIMIT_LINEAR : -150),
        max: (c) => (isLinear(c) ? GAIN_LIMIT_LINEAR : GAIN_LIMIT_DB),
        step: 0.1,
        default: 0,
      },
      { name: "scale", kind: "enum", options: ["db", "linear"], default: "db", optional: true },
      flag("inverted"),
      flag("mute"),
    ],
    plotted: true,
  },
  {
    type: "delay",
    category: "utility",
    params: [
      {
        name: "delay",
        kind: "number",
        unit: (c) => (c.filter["unit"] === "samples" ? "samples" : c.filter["unit"] === "mm" ? "mm" : "ms"),
        min: 0,
        max: delayMax,
        step: 0.01,
        default: 0,
      },
      { name: "unit", kind: "enum", options: ["ms", "samples", "mm"], default: "ms", optional: true },
      flag("subsample"),
    ],
    plotted: true,
  },
  {
    type: "volume",
    category: "utility",
    params: [db("volume", -150, 20, 0), ms("ramp_time", 0, 10000, 200)],
    plotted: true,
  },
  {
    type: "conv",
    category: "convolution",
    params: [
      { name: "file", kind: "string", default: "", optional: true },
      { name: "values", kind: "list", step: 0.001, default: [1], optional: true, minItems: 1 },
      { name: "format", kind: "enum", options: ["audio", "f32", "f64", "s16", "s24", "s32", "text"], default: "audio", optional: true },
      { name: "channel", kind: "integer", min: 0, step: 1, default: 0, optional: true },
      { name: "raw_channels", kind: "integer", min: 1, step: 1, default: 1, optional: true },
    ],
    oneOf: { id: "source", params: ["values", "file"] },
    plotted: false,
  },
  {
    type: "compressor",
    category: "dynamics",
    params: [
      db("threshold", -100, 0, -20, "dbfs"),
      { name: "ratio", kind: "number", min: 1, max: 100, step: 0.1, default: 4 },
      db("knee", 0, 24, 0, "db", true),
      ms("attack", 0.01, 1000, 5),
      ms("release", 1, 5000, 100),
      db("makeup", -40, 40, 0, "db", true),
    ],
    plotted: false,
  },
  {
    type: "limiter",
    category: "dynamics",
    params: [db("ceiling", -60, 0, -1, "dbtp", true), { ...ms("lookahead", 0.5, 50, 5), step: 0.1 }, ms("release", 1, 5000, 100)],
    plotted: false,
  },
  {
    type: "gate",
    category: "dynamics",
    params: [
      db("threshold", -120, 0, -60, "dbfs"),
      db("attenuation", 0, 120, 80, "db", true),
      ms("attack", 0.01, 1000, 1),
      ms("hold", 0, 5000, 0),
      ms("release", 1, 5000, 100),
    ],
    plotted: false,
  },
];

const BY_TYPE = new Map(FILTER_TYPES.map((t) => [t.type, t]));

/** The spec of a filter type; undefined for a type this UI does not know. */
export function typeSpec(type: string): TypeSpec | undefined {
  return BY_TYPE.get(type);
}

export const resolveBound = (b: Bound | undefined, ctx: SpecContext): number | undefined =>
  typeof b === "function" ? b(ctx) : b;

export const resolveUnit = (p: ParamSpec, ctx: SpecContext): UnitId | undefined =>
  typeof p.unit === "function" ? p.unit(ctx) : p.unit;

/** Which member of the type's `oneOf` group the filter gives (the first present), or undefined. */
export function chosenOf(spec: TypeSpec, filter: FilterDef): string | undefined {
  return spec.oneOf?.params.find((p) => filter[p] !== undefined);
}

/** Whether the form shows a parameter: members of a `oneOf` group only when chosen. */
export function isShown(spec: TypeSpec, param: ParamSpec, filter: FilterDef): boolean {
  if (!spec.oneOf?.params.includes(param.name)) return true;
  return (chosenOf(spec, filter) ?? spec.oneOf.params[0]) === param.name;
}

/** The value a parameter has: as written, else the engine's default. */
export function effectiveValue(param: ParamSpec, filter: FilterDef): FilterValue | number[] {
  const v = filter[param.name];
  return v === undefined ? param.default : v;
}

const copy = <T>(v: T): T => (Array.isArray(v) ? ([...v] as T) : v);

/** A new filter of `type` with its defaults; frequencies kept below 45 % of the sample rate. */
export function defaultFilter(type: string, sampleRateHz: number): FilterDef {
  const spec = typeSpec(type);
  if (!spec) throw new Error(`unknown filter type ${type}`);
  const f: FilterDef = { type };
  const first = spec.oneOf?.params[0];
  const highest = Math.floor(sampleRateHz * 0.45);
  for (const p of spec.params) {
    const tooHigh = p.unit === "hz" && typeof p.default === "number" && p.default > highest;
    // Optional ones are left to the engine's default, unless that default is too high here.
    if (p.optional && p.name !== first && !tooHigh) continue;
    f[p.name] = tooHigh ? highest : copy(p.default);
  }
  return f;
}

/**
 * The filter with a new type: the defaults of that type, keeping the parameters both
 * types have (frequency, gain, the width choice) so a change of shape keeps the tuning.
 */
export function changeType(filter: FilterDef, type: string, sampleRateHz: number): FilterDef {
  const spec = typeSpec(type);
  const next = defaultFilter(type, sampleRateHz);
  if (!spec) return next;
  const kept = chosenOf(typeSpec(filter.type) ?? spec, filter);
  if (spec.oneOf && kept && spec.oneOf.params.includes(kept)) {
    for (const p of spec.oneOf.params) delete next[p];
  }
  for (const p of spec.params) {
    const old = filter[p.name];
    if (old === undefined) continue;
    if (spec.oneOf?.params.includes(p.name) && p.name !== kept) continue;
    const sameKind = p.kind === "list" ? Array.isArray(old) : typeof old === typeof p.default;
    if (sameKind) next[p.name] = copy(old);
  }
  return next;
}

/** The filter with `choice` as the given member of its `oneOf` group (the others removed). */
export function choose(filter: FilterDef, choice: string): FilterDef {
  const spec = typeSpec(filter.type);
  if (!spec?.oneOf?.params.includes(choice)) return filter;
  const next: FilterDef = { ...filter };
  for (const p of spec.oneOf.params) if (p !== choice) delete next[p];
  if (next[choice] === undefined) {
    const p = spec.params.find((x) => x.name === choice)!;
    next[choice] = copy(p.default);
  }
  return next;
}
