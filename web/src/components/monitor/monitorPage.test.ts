// @vitest-environment jsdom
// The Monitor page with a fake session: the subscription it asks for, and the numbers
// it writes from a monitor frame (canvas drawing is not available in jsdom).
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp, defineComponent, h, nextTick, type App } from "vue";
import { createI18n } from "../../i18n";
import { monitorBuffer } from "../../monitor/buffer";
import MonitorPage from "../../pages/MonitorPage.vue";
import type { MonitorFrame } from "../../protocol/types";
import { SESSION_KEY, type Session } from "../../session";
import { useEngineStore } from "../../stores/engine";
import { usePrefsStore } from "../../stores/prefs";

let app: App | null = null;
let root: HTMLElement;
const want = vi.fn();
const release = vi.fn();

function mount(): void {
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = { monitor: { want, release } } as unknown as Session;
  const Host = defineComponent({ setup: () => () => h(MonitorPage) });
  root = document.createElement("div");
  document.body.append(root);
  app = createApp(Host).use(pinia).use(createI18n(["en"]));
  app.provide(SESSION_KEY, session);
  app.mount(root);
}

/** Lets the page's animation loop run, and Vue render what it changed. */
async function frames(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    await nextTick();
  }
}

const text = (testid: string): string | null | undefined =>
  root.querySelector(`[data-testid="${testid}"]`)?.textContent;

const FRAME: MonitorFrame = {
  type: "monitor",
  sequence: 7,
  time_s: 1.5,
  sample_rate: 48000,
  levels: [
    { rms_db: -9.04, peak_db: -6.02, true_peak_db: -5.96, peak_hold_db: -3, clips: 0, class: "normal" },
    { rms_db: -200, peak_db: -200, true_peak_db: -200, peak_hold_db: -200, clips: 3, class: "silent" },
  ],
  loudness: { momentary_lufs: -18.16, short_term_lufs: -13.44, integrated_lufs: -200, range_lu: -200 },
  pitch: { f0_hz: 999.997, confidence: 0.999, voiced: true, note: "B5", midi: 83, cents: 21.3 },
  metrics: {
    load: 0.0112,
    load_max: 0.02,
    underruns: 2,
    xruns: 0,
    buffer_fill: 0.5,
    latency_ms: 21.33,
    callbacks: 100,
    position_s: 1.5,
  },
};

beforeEach(() => {
  // jsdom has no canvas; the page then writes only the numbers.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  want.mockClear();
  release.mockClear();
  localStorage.clear();
  monitorBuffer.clear();
});

afterEach(() => {
  app?.unmount();
  app = null;
  root.remove();
  vi.restoreAllMocks();
});

describe("Monitor page", () => {
  it("asks for every stream at the preferred rate while shown", async () => {
    mount();
    expect(want).toHaveBeenCalledWith("monitor-page", {
      rateHz: 30,
      streams: { levels: true, loudness: true, spectrum: true, pitch: true, metrics: true },
    });
    usePrefsStore().prefs.monitorRateHz = 60;
    await nextTick();
    expect(want).toHaveBeenLastCalledWith("monitor-page", expect.objectContaining({ rateHz: 60 }));
    app!.unmount();
    app = null;
    expect(release).toHaveBeenCalledWith("monitor-page");
  });

  it("writes levels, loudness, pitch and health from the latest frame", async () => {
    mount();
    monitorBuffer.pushFrame(FRAME);
    await frames();
    expect(text("level-rms-0")).toBe("-9.0");
    expect(text("level-peak-0")).toBe("-6.0");
    expect(text("level-true-peak-0")).toBe("-6.0");
    expect(text("level-rms-1")).toBe("-inf");
    const clip = (c: number) => root.querySelector(`[data-testid="clip-${c}"]`);
    expect(clip(0)?.getAttribute("data-clipped")).toBe("false");
    expect(clip(1)?.getAttribute("data-clipped")).toBe("true");
    expect(clip(1)?.textContent).toContain("3");
    expect(text("loudness-momentary")).toBe("-18.2");
    expect(text("loudness-short-term")).toBe("-13.4");
    expect(text("loudness-integrated")).toBe("-inf");
    expect(text("loudness-range")).toBe("-");
    expect(text("pitch-note")).toBe("B5");
    expect(text("pitch-hz")).toBe("1000.0");
    expect(text("pitch-cents")).toBe("+21");
    expect(text("health-load")).toBe("1.1");
    expect(text("health-underruns")).toBe("2");
    expect(text("health-buffer")).toBe("50");
    expect(text("health-latency")).toBe("21.3");
    const meters = root.querySelectorAll("[role=meter]");
    expect(meters).toHaveLength(4);
    expect(meters[0]?.getAttribute("aria-valuenow")).toBe("-9");
    expect(meters[0]?.getAttribute("aria-valuetext")).toBe("-9.0 dBFS");
    expect(meters[0]?.getAttribute("aria-label")).toContain("1");
  });

  it("changes numbers at most every 100 ms, but shows the latest one in the end", async () => {
    mount();
    const at = (rms: number): MonitorFrame => ({
      ...FRAME,
      levels: [{ ...FRAME.levels![0]!, rms_db: rms }, FRAME.levels![1]!],
    });
    monitorBuffer.pushFrame(at(-20));
    await frames();
    expect(text("level-rms-0")).toBe("-20.0");
    monitorBuffer.pushFrame(at(-30)); // well within 100 ms of the first
    await frames(1);
    expect(text("level-rms-0")).toBe("-20.0");
    await new Promise((resolve) => setTimeout(resolve, 150));
    await frames();
    expect(text("level-rms-0")).toBe("-30.0");
  });

  it("shows - for an unvoiced pitch and for no data", async () => {
    mount();
    monitorBuffer.pushFrame({ ...FRAME, pitch: { f0_hz: 0, confidence: 0.1, voiced: false, note: null, cents: null } });
    await frames();
    expect([text("pitch-note"), text("pitch-hz"), text("pitch-cents")]).toEqual(["-", "-", "-"]);
    monitorBuffer.clear();
    await frames();
    expect(text("health-load")).toBe("-");
    expect(text("level-rms-0")).toBe("-inf");
  });

  it("sends reset_meters from the button", async () => {
    mount();
    const send = vi.spyOn(useEngineStore(), "send").mockResolvedValue(null);
    (root.querySelector("[data-testid=reset-meters]") as HTMLButtonElement).click();
    expect(send).toHaveBeenCalledWith({ type: "reset_meters" });
  });

  it("keeps the spectrum canvas's fixed hooks and labels every control", () => {
    mount();
    const canvas = root.querySelector("canvas[data-testid=spectrum]");
    expect(canvas?.getAttribute("data-f-min")).toBe("20");
    expect(canvas?.getAttribute("data-f-max")).toBe("20000");
    expect(canvas?.getAttribute("role")).toBe("img");
    expect(root.querySelector("canvas[data-testid=health-chart]")?.getAttribute("aria-label")).toBeTruthy();
    for (const control of root.querySelectorAll("select, input, button")) {
      const labelled = control.closest("label") !== null || (control.textContent ?? "").trim() !== "";
      expect(labelled, control.outerHTML).toBe(true);
    }
  });
});
