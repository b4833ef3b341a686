// The pipeline page's controller: the draft, the live client-side checks, and sending.
// A field of a filter the engine already runs goes with set_filter_parameter; anything
// else (structure, new filters, lists) is validated by the engine, then set whole.
// Provided to the page's components (useEditor) so they need no prop chains.

import { computed, inject, provide, ref, watch, type ComputedRef, type InjectionKey, type Ref } from "vue";
import type { FilterValue } from "../protocol/types";
import { useConnectionStore } from "../stores/connection";
import { useEngineStore } from "../stores/engine";
import { checkPipeline, type Issue } from "./checks";
import { createDraft, type Draft } from "./draft";
import { pipelinePath } from "./errorPaths";
import { readPipeline, toWire, type PipelineDoc } from "./model";

/** A page-level message: a translation id, or the engine's own words. */
export type Notice = { id: string } | { text: string };

export interface Editor {
  draft: Draft;
  doc: Ref<PipelineDoc>;
  sampleRateHz: ComputedRef<number>;
  /** Channels entering the pipeline. */
  inputChannels: ComputedRef<number>;
  /** Client-side problems of the draft, live. */
  issues: ComputedRef<Issue[]>;
  /** Problems the engine reported, by path (cleared when sent again). */
  serverErrors: Ref<Map<string, string>>;
  /** The page-level outcome of the last send. */
  notice: Ref<Notice | null>;
  busy: Ref<boolean>;
  /** Whether the engine has sent a state yet. */
  ready: ComputedRef<boolean>;
  /** A field changed while being edited (not sent yet). */
  editField(filter: string, param: string, value: FilterValue | number[]): void;
  /** The field's change is done (Enter or leaving it): check, then send. */
  commitField(filter: string, param: string): Promise<boolean>;
  /** A structural change: applied to the draft, then sent as a whole pipeline. */
  restructure(change: (doc: PipelineDoc) => void): Promise<boolean>;
  /** Replaces the whole pipeline (import, preset) and sends it. */
  replaceAll(doc: PipelineDoc): Promise<boolean>;
  /** Sends the draft as it is (after fixing what was refused). */
  sendDraft(): Promise<boolean>;
  discard(): void;
}

const EDITOR_KEY: InjectionKey<Editor> = Symbol("pipeline-editor");

const DEFAULT_RATE_HZ = 48000;
const DEFAULT_CHANNELS = 2;

const sameKeys = (a: object, b: object): boolean => {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
};

export function createEditor(): Editor {
  const engine = useEngineStore();
  const connection = useConnectionStore();
  const draft = createDraft(engine.state?.pipeline ?? {});
  const serverErrors = ref(new Map<string, string>());
  const notice = ref<Notice | null>(null);
  const busy = ref(false);

  const sampleRateHz = computed(() => engine.state?.output.sample_rate || DEFAULT_RATE_HZ);
  const inputChannels = computed(() => engine.state?.output.channels || DEFAULT_CHANNELS);
  const issues = computed(() => checkPipeline(draft.doc.value, inputChannels.value, sampleRateHz.value));

  watch(
    () => engine.state?.pipeline,
    (p) => {
      if (p) draft.engineChanged(p);
    },
  );
  // Re-based on the engine's pipeline: what the engine said about older drafts is moot.
  watch(draft.revision, () => {
    if (draft.unsent.value.size === 0) serverErrors.value = new Map();
  });

  const lastErrorText = (): string => connection.lastError?.message ?? "";

  async function sendDraft(): Promise<boolean> {
    if (issues.value.length > 0) {
      notice.value = { id: "pipeline-notice-fix-first" };
      return false;
    }
    const keys = [...draft.unsent.value];
    const wire = toWire(draft.doc.value);
    busy.value = true;
    try {
      serverErrors.value = new Map();
      const check = await engine.validatePipeline(wire);
      if (!check) {
        notice.value = { text: lastErrorText() };
        return false;
      }
      if (!check.valid) {
        serverErrors.value = new Map(check.errors.map((e) => [pipelinePath(e.path), e.message]));
        notice.value = { id: "pipeline-notice-refused" };
        return false;
      }
      if (!(await engine.setPipeline(wire))) {
        const path = pipelinePath(connection.lastError?.path);
        if (path) serverErrors.value = new Map([[path, lastErrorText()]]);
        notice.value = { text: lastErrorText() };
        return false;
      }
      notice.value = null;
      draft.sent(keys);
      return true;
    } finally {
      busy.value = false;
    }
  }

  async function commitField(filter: string, param: string): Promise<boolean> {
    const path = `filters.${filter}.${param}`;
    // Explained next to the field already; nothing goes out.
    if (issues.value.some((i) => i.path === path || i.path.startsWith(`${path}[`))) return false;
    const mine = draft.doc.value.filters[filter];
    if (!mine || !draft.unsent.value.has(path)) return true;
    const running = readPipeline(engine.state?.pipeline).filters[filter];
    const value = mine[param];
    const scalar = typeof value === "number" || typeof value === "boolean" || typeof value === "string";
    if (!running || running.type !== mine.type || !sameKeys(running, mine) || !scalar) {
      return sendDraft();
    }
    busy.value = true;
    try {
      const errors = new Map(serverErrors.value);
      errors.delete(path);
      if (await engine.setFilterParameter(filter, param, value)) {
        serverErrors.value = errors;
        draft.sent([path]);
        return true;
      }
      // set_filter_parameter names `payload.value`: the field is the one just sent.
      errors.set(path, lastErrorText());
      serverErrors.value = errors;
      return false;
    } finally {
      busy.value = false;
    }
  }

  const editor: Editor = {
    draft,
    doc: draft.doc,
    sampleRateHz,
    inputChannels,
    issues,
    serverErrors,
    notice,
    busy,
    ready: computed(() => engine.state !== null),
    editField(filter, param, value) {
      draft.edit(`filters.${filter}.${param}`, (doc) => {
        const f = doc.filters[filter];
        if (f) f[param] = value;
      });
    },
    commitField,
    async restructure(change) {
      draft.edit("structure", change);
      return sendDraft();
    },
    async replaceAll(doc) {
      draft.replace(doc);
      return sendDraft();
    },
    sendDraft,
    discard() {
      draft.discard();
      serverErrors.value = new Map();
      notice.value = null;
    },
  };
  return editor;
}

/** Creates the editor and provides it to the page's components. */
export function provideEditor(): Editor {
  const editor = createEditor();
  provide(EDITOR_KEY, editor);
  return editor;
}

export function useEditor(): Editor {
  const editor = inject(EDITOR_KEY);
  if (!editor) throw new Error("no pipeline editor provided (PipelinePage provides it)");
  return editor;
}
