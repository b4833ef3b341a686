// What to show next to a field: the client-side issue at its path (checked live, before
// sending), else what the engine said about it.

import { computed } from "vue";
import type { Editor } from "./editor";
import { isWithin } from "./errorPaths";
import { issueMessage } from "./messages";
import { useText } from "./useText";

export interface LocatedMessage {
  path: string;
  message: string;
}

export function useFieldErrors(editor: Editor) {
  const { t, locale } = useText();

  /** Every message, client-side ones first; at most one per path. */
  const all = computed<LocatedMessage[]>(() => {
    const out = new Map<string, string>();
    for (const i of editor.issues.value) if (!out.has(i.path)) out.set(i.path, issueMessage(i, t, locale.value));
    for (const [path, message] of editor.serverErrors.value) if (!out.has(path)) out.set(path, message);
    return [...out].map(([path, message]) => ({ path, message }));
  });

  return {
    all,
    /** The message for exactly this path, or null. */
    at: (path: string): string | null => all.value.find((m) => m.path === path)?.message ?? null,
    /** Messages inside `prefix` whose path `placed` does not claim (shown elsewhere). */
    within: (prefix: string, placed: (path: string) => boolean = () => false): LocatedMessage[] =>
      all.value.filter((m) => isWithin(m.path, prefix) && !placed(m.path)),
  };
}
