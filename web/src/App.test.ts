// @vitest-environment jsdom
import { createPinia } from "pinia";
import { afterEach, describe, expect, it } from "vitest";
import { createApp, nextTick, type App as VueApp } from "vue";
import App from "./App.vue";
import { createI18n } from "./i18n";
import { PAGES } from "./router";
import { useConnectionStore } from "./stores/connection";

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
  location.hash = "";
});

describe("App shell", () => {
  it("shows the offline banner until connected, with the retry countdown", async () => {
    const root = mount(["en-GB"]);
    const connection = useConnectionStore();
    const banner = () => root.querySelector("[data-testid=offline-banner]");
    expect(root.querySelector("[role=status]")?.textContent).toContain("Offline");
    expect(banner()?.textContent).toContain("Not connected");

    connection.setStatus({ status: "open", failures: 0, retryInMs: null });
    await nextTick();
    expect(root.querySelector("[role=status]")?.textContent?.trim()).toBe("Connected");
    expect(banner()).toBeNull();

    connection.setStatus({ status: "offline", failures: 2, retryInMs: 1000 });
    await nextTick();
    expect(banner()?.getAttribute("role")).toBe("alert");
    expect(banner()?.textContent).toMatch(/Reconnecting in \u2068?1\.0\u2069? s \(attempt \u2068?2\u2069?\)/);
  });

  it("marks the page shown in the navigation and follows the address", async () => {
    const root = mount(["en"]);
    const current = () => root.querySelector("nav a[aria-current=page]")?.getAttribute("href");
    expect(current()).toBe("#/now");
    location.hash = "#/monitor";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await nextTick();
    expect(current()).toBe("#/monitor");
    expect(root.querySelectorAll("nav a")).toHaveLength(PAGES.length);
  });

  it("speaks German when the browser prefers it", async () => {
    const root = mount(["de-DE", "en"]);
    await nextTick();
    expect(root.querySelector("[data-testid=nav-settings]")?.textContent).toBe("Einstellungen");
    expect(root.querySelector("[role=status]")?.textContent).toContain("Getrennt");
  });
});
