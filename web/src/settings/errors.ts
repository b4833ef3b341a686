// A refused `PUT /api/config` (422): the message lists every problem as "path: problem"
// pairs joined by "; ", and the error's `path` is the first one. Each problem goes next to
// the form field whose configuration path it names; the rest are shown by the save button.

import { FIELD_PATHS, type FieldId } from "./config";

export interface Problem {
  /** Dotted configuration path (`audio.block_size`, `performance.cpu_affinity[1]`); "" for the whole. */
  path: string;
  message: string;
}

// A "; " starts a new problem only where a path and ": " follow; a problem's own text may
// contain "; " too (`9 is below 16; using 16`).
const SPLIT = /;\s+(?=[A-Za-z_][\w.[\]-]*:\s)/;
const PAIR = /^([A-Za-z_][\w.[\]-]*):\s+([\s\S]*)$/;

/** The problems a message lists; one without a path when it is not such a list. */
export function parseProblems(message: string, firstPath: string | null = null): Problem[] {
  const problems = message
    .split(SPLIT)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const m = PAIR.exec(part);
      return m ? { path: m[1]!, message: m[2]!.trim() } : { path: "", message: part };
    });
  if (problems.length === 0) return [{ path: firstPath ?? "", message }];
  // A single free-text message still belongs where the error's path says.
  if (problems.length === 1 && problems[0]!.path === "" && firstPath) problems[0]!.path = firstPath;
  return problems;
}

/** The form field a configuration path belongs to (the field itself or something inside it); null for none. */
export function fieldForPath(path: string | null | undefined): FieldId | null {
  if (!path) return null;
  for (const [field, fieldPath] of Object.entries(FIELD_PATHS) as [FieldId, string][]) {
    if (path === fieldPath || path.startsWith(`${fieldPath}.`) || path.startsWith(`${fieldPath}[`)) return field;
  }
  return null;
}

export interface FormErrors {
  /** The problems of each field, joined. */
  fields: Partial<Record<FieldId, string>>;
  /** Problems with no field in the form ("path: problem" as the server wrote them). */
  other: string[];
}

/** Sorts a refusal's problems into the form's fields and the rest. */
export function formErrors(message: string, firstPath: string | null = null): FormErrors {
  const out: FormErrors = { fields: {}, other: [] };
  for (const p of parseProblems(message, firstPath)) {
    const field = fieldForPath(p.path);
    if (field) out.fields[field] = out.fields[field] ? `${out.fields[field]}; ${p.message}` : p.message;
    else out.other.push(p.path ? `${p.path}: ${p.message}` : p.message);
  }
  return out;
}
