// Putting an imported EQ (POST /api/import: its filters and one filter step) into the
// pipeline: in place of everything, or after what is there with clashing names renamed.

import { uniqueName } from "./edits";
import { clonePipeline, type FilterDef, type PipelineDoc, type Step } from "./model";

/** What /api/import returns. */
export interface ImportResult {
  format: "equalizer_apo" | "rew" | (string & {});
  pipeline: { filters: Record<string, FilterDef>; steps: Step[] };
  warnings: string[];
}

/** The imported filters and steps instead of the pipeline's (its settings are kept). */
export function replaceWithImported(doc: PipelineDoc, imported: ImportResult["pipeline"]): PipelineDoc {
  const next: PipelineDoc = { filters: clonePipeline(imported.filters), steps: clonePipeline(imported.steps) };
  if (doc.settings) next.settings = clonePipeline(doc.settings);
  return next;
}

/**
 * The pipeline with the imported filters and steps appended. An imported name that the
 * pipeline already uses gets a suffix (`eq1` -> `eq1_2`), in its steps too.
 */
export function appendImported(
  doc: PipelineDoc,
  imported: ImportResult["pipeline"],
): { doc: PipelineDoc; renamed: Record<string, string> } {
  const next = clonePipeline(doc);
  const renamed: Record<string, string> = {};
  const importedNames = new Set(Object.keys(imported.filters));
  for (const [name, f] of Object.entries(imported.filters)) {
    // Avoid both the pipeline's names and the other imported names still to come.
    const fresh = uniqueName(name, (n) => n in next.filters || (n !== name && importedNames.has(n)));
    if (fresh !== name) renamed[name] = fresh;
    next.filters[fresh] = clonePipeline(f);
  }
  for (const step of clonePipeline(imported.steps)) {
    if (step.type === "filter") step.names = step.names.map((n) => renamed[n] ?? n);
    next.steps.push(step);
  }
  return { doc: next, renamed };
}
