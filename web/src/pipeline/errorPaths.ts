// Locating errors: the engine names a problem by a path into the pipeline
// (`filters.eq1.gain`, `steps[2].names[0]`); a refused command's error carries it
// relative to the envelope (`payload.pipeline.filters.eq1.gain`).

/** The path within the pipeline, without the envelope's prefix. */
export function pipelinePath(path: string | null | undefined): string {
  if (!path) return "";
  return path.replace(/^(payload\.)?pipeline\.?/, "").replace(/^payload\.?/, "");
}

/** Whether `path` is `prefix` itself or lies inside it (`steps[1]` holds `steps[1].names[0]`). */
export function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

/** The step index a path points into, or null. */
export function stepOf(path: string): number | null {
  const m = /^steps\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : null;
}

/** `{filter, param}` of a `filters.<name>.<param...>` path (the name may hold dots: the
 * parameter is the last segment that names a known one); null for other paths. */
export function filterOf(path: string, names: readonly string[]): { filter: string; param: string } | null {
  if (!path.startsWith("filters.")) return null;
  const rest = path.slice("filters.".length);
  // Longest filter name first: "eq.1" before "eq".
  const name = [...names].sort((a, b) => b.length - a.length).find((n) => rest === n || rest.startsWith(`${n}.`));
  if (name === undefined) return null;
  return { filter: name, param: rest.slice(name.length + 1) };
}
