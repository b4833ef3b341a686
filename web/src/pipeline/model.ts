// The pipeline as the engine sends it (`state.pipeline`), typed: the shape of a
// pipeline TOML file (crates/vortex-engine/src/config.rs). Incoming JSON is read
// defensively (`readPipeline`): the wire type is only `Record<string, unknown>`.

import type { FilterValue } from "../protocol/types";

/** One filter: its `type` and its parameters (numbers, bools, strings, number lists). */
export interface FilterDef {
  type: string;
  [param: string]: FilterValue | number[] | undefined;
}

export interface MixerSource {
  channel: number;
  /** dB (default 0). */
  gain?: number;
  inverted?: boolean;
  mute?: boolean;
}

export interface MixerDef {
  channels_in: number;
  /** One entry per output channel. */
  mapping: { sources?: MixerSource[] }[];
}

export interface FilterStep {
  type: "filter";
  /** Channels (0-based) the filters apply to; absent: every channel. */
  channels?: number[];
  names: string[];
  /** A bypassed step is kept but not run. */
  bypassed?: boolean;
}

export interface MixerStep {
  type: "mixer";
  name: string;
  bypassed?: boolean;
}

export type Step = FilterStep | MixerStep;

export interface PipelineDoc {
  settings?: Record<string, unknown>;
  filters: Record<string, FilterDef>;
  mixers?: Record<string, MixerDef>;
  steps: Step[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A deep copy (the pipeline is plain JSON). */
export function clonePipeline<T>(p: T): T {
  return JSON.parse(JSON.stringify(p)) as T;
}

/** Reads a pipeline from untrusted JSON: unknown shapes become empty parts, never throws. */
export function readPipeline(raw: unknown): PipelineDoc {
  const r = isObject(raw) ? clonePipeline(raw) : {};
  const filters: Record<string, FilterDef> = {};
  if (isObject(r["filters"])) {
    for (const [name, f] of Object.entries(r["filters"])) {
      if (isObject(f) && typeof f["type"] === "string") filters[name] = f as FilterDef;
    }
  }
  const steps: Step[] = [];
  if (Array.isArray(r["steps"])) {
    for (const s of r["steps"] as unknown[]) {
      if (!isObject(s)) continue;
      if (s["type"] === "mixer" && typeof s["name"] === "string") steps.push(s as unknown as MixerStep);
      else if (s["type"] === "filter" && Array.isArray(s["names"])) steps.push(s as unknown as FilterStep);
    }
  }
  const doc: PipelineDoc = { filters, steps };
  if (isObject(r["settings"])) doc.settings = r["settings"];
  if (isObject(r["mixers"])) doc.mixers = r["mixers"] as Record<string, MixerDef>;
  return doc;
}

/**
 * The pipeline as it is sent: a copy without `bypassed: false` (the default; an engine
 * that predates the field then still accepts the pipeline) and without empty mixers.
 */
export function toWire(p: PipelineDoc): Record<string, unknown> {
  const out = clonePipeline(p) as PipelineDoc;
  for (const s of out.steps) if (!s.bypassed) delete s.bypassed;
  if (out.mixers && Object.keys(out.mixers).length === 0) delete out.mixers;
  return out as unknown as Record<string, unknown>;
}

/** The number of channels entering each step, and leaving the last (`counts[steps.length]`). */
export function channelCounts(p: PipelineDoc, inputChannels: number): number[] {
  const counts = [inputChannels];
  let n = inputChannels;
  for (const s of p.steps) {
    if (s.type === "mixer" && !s.bypassed) n = p.mixers?.[s.name]?.mapping.length ?? n;
    counts.push(n);
  }
  return counts;
}

/** The channels a filter step applies to, given the count entering it. */
export function stepChannels(step: FilterStep, channelCount: number): number[] {
  return step.channels ?? Array.from({ length: channelCount }, (_, i) => i);
}
