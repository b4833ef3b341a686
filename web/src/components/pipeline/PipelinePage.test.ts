// @vitest-environment jsdom
// The pipeline page against a fake engine store: the hooks the e2e tests use, live
// plotting from the draft, checks before sending, and which command each edit sends.
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp, nextTick, type App } from "vue";
import { createI18n } from "../../i18n";
import PipelinePage from "../../pages/PipelinePage.vue";
import type { Pipeline } from "../../protocol/types";
import { RequestError } from "../../protocol/client";
import { useConnectionStore } from "../../stores/connection";
import { useEngineStore } from "../../stores/engine";
import { engineState, flush } from "../../test/fakes";

let app: App | null = null;
let root: HTMLElement;
let engine: ReturnType<typeof useEngineStore>;
const sent: { command: string; args: unknown[] }[] = [];
let validation: { valid: boolean; errors: { path: string; message: string }[] } = { valid: true, errors: [] };
/** What set_filter_parameter answers: true, or the error the server would send. */
let parameterReply: true | RequestError = true;

beforeEach(async () => {
  vi.stubGlobal("fetch", async (url: string) =>
    new Response(url === "/api/presets" ? JSON.stringify([{ name: "Warm Bass", modified_unix_s: 0, bytes: 10 }]) : "{}", {
      status: 200,
    }),
  );
  sent.length = 0;
  validation = { valid: true, errors: [] };
  parameterReply = true;
  const pinia = createPinia();
  setActivePinia(pinia);
  engine = useEngineStore();
  engine.applySnapshot(engineState());
  const record =
    (command: string, reply: () => unknown) =>
    async (...args: unknown[]) => {
      sent.push({ command, args });
      return reply();
    };
  engine.setFilterParameter = record("set_filter_parameter", () => {
    if (parameterReply === true) return true;
    useConnectionStore().reportError(parameterReply);
    return false;
  }) as typeof engine.setFilterParameter;
  engine.setPipeline = record("set_pipeline", () => true) as typeof engine.setPipeline;
  engine.validatePipeline = record("validate_pipeline", () => ({ type: "validation_result", ...validation })) as typeof engine.validatePipeline;
  root = document.createElement("div");
  document.body.append(root);
  app = createApp(PipelinePage).use(pinia).use(createI18n(["en"]));
  app.mount(root);
  await flush();
});

afterEach(() => {
  app?.unmount();
  root.remove();
  app = null;
  vi.unstubAllGlobals();
});

/** Text without fluent's isolation marks. */
const plain = (s: string | null | undefined): string => (s ?? "").replace(/[\u2068\u2069]/g, "");
const $ = <T extends Element = HTMLElement>(s: string): T | null => root.querySelector<T>(s);
const gainInput = () => $<HTMLInputElement>("[data-testid=filter-form-bass] input[name=gain]")!;
function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event("input"));
}
const change = (input: HTMLInputElement): boolean => input.dispatchEvent(new Event("change"));

describe("pipeline page", () => {
  it("shows the steps, filters, forms and plot under the e2e hooks", () => {
    expect($("[data-testid=step-0]")).not.toBeNull();
    expect(plain($("[data-testid=filter-bass]")?.textContent)).toContain("Low shelf 120 Hz +3.0 dB 6 dB/oct");
    expect(gainInput().value).toBe("3");
    expect(gainInput().min).toBe("-24");
    expect(plain($("[data-testid=filter-form-bass]")?.textContent)).toContain("dB, -24–24");
    expect(plain($("[data-testid=filter-form-bass] input[name=freq]")!.closest(".param")?.textContent)).toContain("Hz, above 0 and below 24000");
    expect($("svg[data-testid=response-plot]")?.getAttribute("role")).toBe("img");
    expect($("path[data-testid=response-magnitude-0]")).not.toBeNull();
    expect($("path[data-testid=response-magnitude-1]")).not.toBeNull();
    expect($("path[data-testid=response-phase-0]")).toBeNull();
    expect($("[data-testid='preset-load-Warm Bass']")).not.toBeNull();
  });

  it("plots an edit at once and sends it on change with set_filter_parameter", async () => {
    const before = $("[data-testid=response-magnitude-0]")!.getAttribute("d");
    type(gainInput(), "9");
    await nextTick();
    expect($("[data-testid=response-magnitude-0]")!.getAttribute("d")).not.toBe(before);
    expect(sent).toEqual([]);
    change(gainInput());
    await flush();
    expect(sent).toEqual([{ command: "set_filter_parameter", args: ["bass", "gain", 9] }]);
  });

  it("explains an invalid value next to the field and sends nothing", async () => {
    type(gainInput(), "30");
    change(gainInput());
    await flush();
    const error = $("[data-testid=filter-form-bass] [data-testid=field-error]");
    expect(plain(error?.textContent)).toBe("Must be -24–24.");
    expect(gainInput().getAttribute("aria-invalid")).toBe("true");
    expect(gainInput().getAttribute("aria-describedby")).toContain(error!.id);
    expect(sent).toEqual([]);
    expect(plain($("[data-testid=pipeline-status]")?.textContent)).toContain("One change not sent yet");
  });

  it("adds a filter: validated, then the whole pipeline is set", async () => {
    $<HTMLButtonElement>("[data-testid=add-filter]")!.click();
    await flush();
    expect(sent.map((s) => s.command)).toEqual(["validate_pipeline", "set_pipeline"]);
    const p = sent[1]!.args[0] as { filters: Record<string, unknown>; steps: { names: string[] }[] };
    expect(p.filters["peaking"]).toEqual({ type: "peaking", freq: 1000, gain: 0, q: 1.41 });
    expect(p.steps[0]!.names).toEqual(["bass", "peaking"]);
    expect($("[data-testid=filter-form-peaking] input[name=q]")).not.toBeNull();
  });

  it("shows the engine's validation errors next to the field their path names", async () => {
    validation = { valid: false, errors: [{ path: "filters.bass.freq", message: "120 Hz is not liked today" }] };
    const bypass = $<HTMLInputElement>("[data-testid=step-0] input[name=bypassed]")!;
    bypass.checked = true;
    bypass.dispatchEvent(new Event("change"));
    await flush();
    expect(sent.map((s) => s.command)).toEqual(["validate_pipeline"]);
    const field = $("[data-testid=filter-form-bass] input[name=freq]")!.closest(".param")!;
    expect(field.querySelector("[data-testid=field-error]")?.textContent).toBe("120 Hz is not liked today");
    // The draft keeps the refused edit until the user sends again or discards.
    expect(bypass.checked).toBe(true);
    $<HTMLButtonElement>("[data-testid=pipeline-discard]")!.click();
    await nextTick();
    expect($<HTMLInputElement>("[data-testid=step-0] input[name=bypassed]")!.checked).toBe(false);
    expect($("[data-testid=field-error]")).toBeNull();
  });

  it("follows the engine's pipeline when nothing is unsent", async () => {
    const next = engineState({ version: 2 });
    (next.pipeline as Pipeline)["filters"] = { bass: { type: "lowshelf", freq: 80, gain: -2, slope: 6 } };
    engine.applyStateChanged(next);
    await nextTick();
    expect($<HTMLInputElement>("[data-testid=filter-form-bass] input[name=freq]")!.value).toBe("80");
  });

  it("shows the phase on request", async () => {
    const toggle = $<HTMLInputElement>("[data-testid=response-phase-toggle]")!;
    toggle.click();
    await nextTick();
    expect($("path[data-testid=response-phase-1]")).not.toBeNull();
  });

  it("moves steps and filters with buttons that keep the focus", async () => {
    $<HTMLButtonElement>("[data-testid=add-filter]")!.click();
    await flush();
    sent.length = 0;
    const down = $<HTMLButtonElement>("[data-testid=filter-bass] [data-action=down]")!;
    down.focus();
    down.click();
    await flush();
    const p = sent.at(-1)!.args[0] as { steps: { names: string[] }[] };
    expect(p.steps[0]!.names).toEqual(["peaking", "bass"]);
    expect(document.activeElement).toBe($("[data-testid=filter-bass] [data-action=up]"));
  });

  it("shows what the engine refused at the field that was sent", async () => {
    parameterReply = new RequestError("invalid_parameter", "filters.bass.gain: too loud for this room", "set_filter_parameter", 3, {
      path: "payload.value",
    });
    type(gainInput(), "12");
    change(gainInput());
    await flush();
    expect(sent).toEqual([{ command: "set_filter_parameter", args: ["bass", "gain", 12] }]);
    const error = gainInput().closest(".param")!.querySelector("[data-testid=field-error]");
    expect(error?.textContent).toBe("filters.bass.gain: too loud for this room");
    // Sent again once accepted: the message goes.
    parameterReply = true;
    type(gainInput(), "11");
    change(gainInput());
    await flush();
    expect(gainInput().closest(".param")!.querySelector("[data-testid=field-error]")).toBeNull();
  });

  it("lists problems no field shows (settings, unused filters) in the status", async () => {
    validation = { valid: false, errors: [{ path: "settings.block_size", message: "1000 must be a power of two" }] };
    $<HTMLButtonElement>("[data-testid=add-filter]")!.click();
    await flush();
    const texts = [...root.querySelectorAll("[role=alert] [data-testid=field-error]")].map((e) => plain(e.textContent));
    expect(texts).toContain("settings.block_size: 1000 must be a power of two");
    expect(texts).toContain("The engine refused the pipeline; see the marked fields.");
  });

  it("sends a field of a filter the engine does not run yet with the whole pipeline", async () => {
    validation = { valid: false, errors: [{ path: "filters.peaking", message: "not today" }] };
    $<HTMLButtonElement>("[data-testid=add-filter]")!.click();
    await flush();
    validation = { valid: true, errors: [] };
    sent.length = 0;
    const q = $<HTMLInputElement>("[data-testid=filter-form-peaking] input[name=q]")!;
    type(q, "2");
    change(q);
    await flush();
    expect(sent.map((s) => s.command)).toEqual(["validate_pipeline", "set_pipeline"]);
    expect((sent[1]!.args[0] as { filters: Record<string, { q: number }> }).filters["peaking"]!.q).toBe(2);
  });
});
