// The editable draft of the pipeline. The engine store is never optimistic, so the page
// edits a copy: it follows the engine's pipeline (is re-based) whenever the user has
// no unsent edits, and holds still while they do. Edits are keyed (`filters.eq1.gain`,
// `structure`); an edit stays unsent until it was sent successfully or discarded.

import { ref, shallowRef, type Ref, type ShallowRef } from "vue";
import { clonePipeline, readPipeline, type PipelineDoc } from "./model";

export interface Draft {
  /** The pipeline as the user sees and edits it (deeply reactive). */
  doc: Ref<PipelineDoc>;
  /** The engine's pipeline the draft was last based on. */
  base: ShallowRef<PipelineDoc>;
  /** Keys of edits not yet accepted by the engine. */
  unsent: Ref<Set<string>>;
  /** Counts re-bases (fields that keep their own text re-read the draft on it). */
  revision: Ref<number>;
  /** The engine's pipeline changed: re-base unless edits are unsent (then it is kept for later). */
  engineChanged(raw: unknown): void;
  /** Changes the draft; the edit is unsent until `sent(key)` or `discard()`. */
  edit(key: string, change: (doc: PipelineDoc) => void): void;
  /** Replaces the whole draft (import, preset): every earlier edit is superseded. */
  replace(doc: PipelineDoc): void;
  /** The engine accepted these edits; with none left unsent the draft follows the engine again. */
  sent(keys: Iterable<string>): void;
  /** Drops every unsent edit and re-bases on the engine's latest pipeline. */
  discard(): void;
}

export function createDraft(initial: unknown = {}): Draft {
  const base = shallowRef(readPipeline(initial));
  /** The engine's latest pipeline, which may be newer than `base` while edits are unsent. */
  let latest = base.value;
  let latestJson = JSON.stringify(latest);
  const doc = ref(clonePipeline(base.value)) as Ref<PipelineDoc>;
  const unsent = ref(new Set<string>());
  const revision = ref(0);

  function rebase(): void {
    base.value = latest;
    doc.value = clonePipeline(latest);
    revision.value++;
  }

  return {
    doc,
    base,
    unsent,
    revision,
    engineChanged(raw) {
      const next = readPipeline(raw);
      const json = JSON.stringify(next);
      // Other parts of the state change far more often than the pipeline.
      if (json === latestJson) return;
      latest = next;
      latestJson = json;
      if (unsent.value.size === 0) rebase();
    },
    edit(key, change) {
      change(doc.value);
      unsent.value.add(key);
    },
    replace(next) {
      doc.value = clonePipeline(next);
      unsent.value = new Set(["structure"]);
    },
    sent(keys) {
      for (const k of keys) unsent.value.delete(k);
      // Someone else changed the pipeline while ours were unsent: take it now. (Our own
      // change follows in the engine's next state, which re-bases again.)
      if (unsent.value.size === 0 && latest !== base.value) rebase();
    },
    discard() {
      unsent.value = new Set();
      rebase();
    },
  };
}
