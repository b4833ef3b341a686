// @vitest-environment jsdom
import { createPinia } from "pinia";
import { afterEach, describe, expect, it } from "vitest";
import { createApp, nextTick, type App as VueApp } from "vue";
import App from "./App.vue";
import { createI18n } from "./i18n";
import { useConnectionStore } from "./stores/connection";
import { useEngineStore } from "./stores/engine";
import { engineState } from "./test/fakes";

let app: VueApp | null = null;

function mount(languages: string[]): HTMLElement {
  const root = document.createElement("div");
  const pinia = createPinia();
  app = createApp(App).use(pinia).use(createI18n(languages));
  app.mount(root);
  return root;
}

afterEach(() => {
  app?.unmount();
  app = null;
});

describe("App", () => {
  it("shows the connection status, then the engine's source and transport", async () => {
    const root = mount(["en-GB"]);
    const connection = useConnectionStore();
    const engine = useEngineStore();
    expect(root.querySelector("[role=status]")?.textContent).toContain("Offline");
    expect(root.textContent).toContain("Waiting for the engine");

    connection.setStatus({ status: "open", failures: 0, retryInMs: null });
    engine.applySnapshot(engineState({ transport: "paused", source: "tones.flac" }));
    await nextTick();
    expect(root.querySelector("[role=status]")?.textContent?.trim()).toBe("Connected");
    expect(root.querySelector("[data-test=source]")?.textContent).toBe("tones.flac");
    expect(root.querySelector("[data-test=transport]")?.textContent).toBe("Paused");

    connection.setStatus({ status: "offline", failures: 2, retryInMs: 1000 });
    await nextTick();
    expect(root.querySelector("[role=status]")?.textContent).toMatch(/Offline\s*·\s*Reconnecting in \u2068?1\.0\u2069? s/);
  });

  it("speaks German when the browser prefers it", async () => {
    const root = mount(["de-DE", "en"]);
    useEngineStore().applySnapshot(engineState({ transport: "stopped" }));
    await nextTick();
    expect(root.querySelector("[data-test=transport]")?.textContent).toBe("Gestoppt");
    expect(root.querySelector("[role=status]")?.textContent).toContain("Getrennt");
  });
});
