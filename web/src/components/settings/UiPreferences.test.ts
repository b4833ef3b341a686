// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nextTick } from "vue";
import { change, mountWithSession, type Mounted } from "../../player/testMount";
import { usePrefsStore } from "../../stores/prefs";
import UiPreferences from "./UiPreferences.vue";

let m: Mounted | null = null;
beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal("fetch", async () => new Response("{}"));
});
afterEach(() => {
  m?.unmount();
  m = null;
  vi.unstubAllGlobals();
});
const q = <T extends Element>(sel: string) => m!.root.querySelector<T>(sel)!;

describe("UI preferences", () => {
  it("offers automatic and every locale by its own name, and changes the language at once", async () => {
    m = mountWithSession(UiPreferences);
    const select = q<HTMLSelectElement>("select[data-testid=settings-language]");
    expect([...select.options].map((o) => [o.value, o.textContent?.trim()])).toEqual([
      ["auto", "Automatic (the browser's language)"],
      ["en", "English"],
      ["de", "Deutsch"],
    ]);
    expect(select.options[2]!.lang).toBe("de");
    change(select, "de");
    expect(usePrefsStore().prefs.language).toBe("de");
    expect(usePrefsStore().locale()).toBe("de");
  });

  it("applies the theme to the page", async () => {
    m = mountWithSession(UiPreferences);
    const select = q<HTMLSelectElement>("select[data-testid=settings-theme]");
    expect([...select.options].map((o) => o.value)).toEqual(["system", "light", "dark", "contrast"]);
    change(select, "contrast");
    await nextTick();
    expect(document.documentElement.dataset["theme"]).toBe("contrast");
  });

  it("keeps this browser's monitoring rate within 1 to 60 Hz", async () => {
    m = mountWithSession(UiPreferences);
    const input = q<HTMLInputElement>("[data-testid=settings-monitor-rate]");
    change(input, "12");
    expect(usePrefsStore().prefs.monitorRateHz).toBe(12);
    change(input, "240");
    expect(usePrefsStore().prefs.monitorRateHz).toBe(60);
    expect(input.value).toBe("60");
    change(input, "");
    expect(usePrefsStore().prefs.monitorRateHz).toBe(60);
  });
});
