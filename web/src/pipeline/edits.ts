// Structural edits of a pipeline document (add, remove, reorder, bypass, channels).
// Each changes the document in place; the editor applies them to the draft and sends.

import { defaultFilter } from "./filterTypes";
import type { FilterStep, PipelineDoc } from "./model";

/** `wanted`, or `wanted_2`, `wanted_3`, ... : the first that `taken` does not hold. */
export function uniqueName(wanted: string, taken: (name: string) => boolean): string {
  if (!taken(wanted)) return wanted;
  for (let i = 2; ; i++) {
    const name = `${wanted}_${i}`;
    if (!taken(name)) return name;
  }
}

/** Whether any filter step still lists `name`. */
export function isReferenced(doc: PipelineDoc, name: string): boolean {
  return doc.steps.some((s) => s.type === "filter" && s.names.includes(name));
}

/** Drops the definitions of these filters where no step lists them any more. */
function dropUnreferenced(doc: PipelineDoc, names: readonly string[]): void {
  for (const n of names) if (!isReferenced(doc, n)) delete doc.filters[n];
}

function filterStep(doc: PipelineDoc, index: number): FilterStep {
  const s = doc.steps[index];
  if (!s || s.type !== "filter") throw new Error(`steps[${index}] is not a filter step`);
  return s;
}

/**
 * Adds a new filter of `type` (with its defaults) at the end of filter step `stepIndex`,
 * or in a new filter step at the end when `stepIndex` is null. Returns its name.
 */
export function addFilter(doc: PipelineDoc, stepIndex: number | null, type: string, sampleRateHz: number): string {
  const name = uniqueName(type, (n) => n in doc.filters);
  doc.filters[name] = defaultFilter(type, sampleRateHz);
  if (stepIndex === null) doc.steps.push({ type: "filter", names: [name] });
  else filterStep(doc, stepIndex).names.push(name);
  return name;
}

/** Removes the `index`-th filter of a step (and its definition when no step uses it). */
export function removeFilter(doc: PipelineDoc, stepIndex: number, index: number): void {
  const [name] = filterStep(doc, stepIndex).names.splice(index, 1);
  if (name !== undefined) dropUnreferenced(doc, [name]);
}

export interface Slot {
  step: number;
  index: number;
}

/** Moves a filter from one place in a filter step to another (in the same or another step). */
export function moveFilter(doc: PipelineDoc, from: Slot, to: Slot): void {
  const source = filterStep(doc, from.step);
  const target = filterStep(doc, to.step);
  const [name] = source.names.splice(from.index, 1);
  if (name === undefined) return;
  target.names.splice(Math.max(0, Math.min(to.index, target.names.length)), 0, name);
}

/** Moves step `from` to position `to`. */
export function moveStep(doc: PipelineDoc, from: number, to: number): void {
  const [step] = doc.steps.splice(from, 1);
  if (step) doc.steps.splice(Math.max(0, Math.min(to, doc.steps.length)), 0, step);
}

/** Removes a step; filters only it used go too. */
export function removeStep(doc: PipelineDoc, index: number): void {
  const [step] = doc.steps.splice(index, 1);
  if (step?.type === "filter") dropUnreferenced(doc, step.names);
}

export function setBypassed(doc: PipelineDoc, index: number, bypassed: boolean): void {
  const s = doc.steps[index];
  if (s) s.bypassed = bypassed;
}

/** The channels a filter step applies to; undefined: every channel. */
export function setChannels(doc: PipelineDoc, index: number, channels: number[] | undefined): void {
  const s = filterStep(doc, index);
  if (channels === undefined) delete s.channels;
  else s.channels = [...channels].sort((a, b) => a - b);
}
