// @vitest-environment jsdom
// The page as a whole: the live position from the monitor's metrics, the track's format
// and the output path.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nextTick } from "vue";
import NowPlayingPage from "../../pages/NowPlayingPage.vue";
import { mountWithSession, text, type Mounted } from "../../player/testMount";
import type { EngineMetrics, EngineState, MonitorFrame, TrackInfo } from "../../protocol/types";
import { engineState, flush } from "../../test/fakes";

const TRACK: TrackInfo = {
  path: "Music/so what.flac",
  codec: "flac",
  container: "flac",
  sample_rate: 88200,
  channels: 2,
  bits_per_sample: 24,
  duration_s: 9 * 60 + 22.5,
};

function metricsFrame(positionS: number): MonitorFrame {
  const metrics: EngineMetrics = {
    load: 0.1,
    load_max: 0.2,
    underruns: 0,
    xruns: 0,
    buffer_fill: 0.5,
    latency_ms: 10,
    callbacks: 100,
    position_s: positionS,
  };
  return { type: "monitor", sequence: 1, time_s: 1, sample_rate: 48000, metrics };
}

let m: Mounted | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  // The file browser lists the music folders on mount.
  vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ path: "", entries: [], truncated: false })));
});
afterEach(() => {
  m?.unmount();
  m = null;
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function mountPage(state: EngineState): Promise<Mounted> {
  m = mountWithSession(NowPlayingPage, {}, state);
  await flush();
  return m;
}

describe("now playing page", () => {
  it("asks for the metrics stream while shown, and lets it go when left", async () => {
    await mountPage(engineState());
    const monitoring = () => m!.ws.envelopes.filter((e) => e.payload.type === "set_monitoring").map((e) => e.payload);
    expect(monitoring()).toEqual([
      {
        type: "set_monitoring",
        rate_hz: 4,
        streams: { levels: false, loudness: false, spectrum: false, pitch: false, metrics: true },
      },
    ]);
    const releaseSpy = vi.spyOn(m!.session.monitor, "release");
    m!.unmount();
    expect(releaseSpy).toHaveBeenCalledWith("now-playing");
    m = null;
  });

  it("follows the position from the monitor's metrics every 250 ms", async () => {
    await mountPage({ ...engineState({ position_s: 2 }), track: TRACK });
    const elapsed = () => text(m!.root.querySelector("[data-testid=elapsed]"));
    expect(elapsed()).toBe("0:02"); // the state's position until metrics arrive
    m!.buffer.pushFrame(metricsFrame(75.2));
    vi.advanceTimersByTime(249);
    await nextTick();
    expect(elapsed()).toBe("0:02");
    vi.advanceTimersByTime(1);
    await nextTick();
    expect(elapsed()).toBe("1:15");
    expect(text(m!.root.querySelector("[data-testid=duration]"))).toBe("9:22");
  });

  it("shows the current track's format", async () => {
    await mountPage({ ...engineState(), track: TRACK });
    const cell = (key: string) => text(m!.root.querySelector(`[data-testid=track-format] [data-field=${key}] dd`));
    expect(cell("codec")).toBe("flac");
    expect(cell("rate")).toBe("88.2 kHz");
    expect(cell("bits")).toBe("24 bit");
    expect(cell("channels")).toBe("Stereo");
    expect(cell("duration")).toBe("9:22");
  });

  it("says when no file plays (a generator) and disables seeking", async () => {
    await mountPage(engineState({ source: "demo programme" }));
    expect(text(m!.root.querySelector("[data-testid=track-format]"))).toContain("No file is playing. Source: demo programme");
    expect(m!.root.querySelector<HTMLInputElement>("input[data-testid=seek]")!.disabled).toBe(true);
  });

  it("shows the output path", async () => {
    await mountPage(
      engineState({
        output: { sink: "hw:CARD=PCH,DEV=0", driver: "alsa", sample_rate: 96000, channels: 6, block_frames: 512, latency_ms: 10.66 },
      }),
    );
    const cell = (key: string) => text(m!.root.querySelector(`[data-testid=output-info] [data-field=${key}] dd`));
    expect(cell("sink")).toBe("hw:CARD=PCH,DEV=0");
    expect(cell("driver")).toBe("alsa");
    expect(cell("rate")).toBe("96 kHz");
    expect(cell("channels")).toBe("6 channels");
    expect(cell("block")).toBe("512 frames");
    expect(cell("latency")).toBe("10.7 ms");
  });

  it("marks the current item and names what plays", async () => {
    const playlist = [
      { item: 5, path: "Music/a.flac", title: "Alpha" },
      { item: 9, path: "Music/b.flac", title: "Bravo" },
    ];
    await mountPage(engineState({ playlist, current_item: 9, transport: "paused" }));
    const current = m!.root.querySelector("[data-testid=current-title]")!;
    expect(text(current.querySelector(".state"))).toBe("Paused");
    expect(text(current.querySelector(".title"))).toBe("Bravo");
    expect(m!.root.querySelector("[data-testid=playlist-item-9]")!.getAttribute("aria-current")).toBe("true");
  });
});
