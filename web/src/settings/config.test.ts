import { describe, expect, it } from "vitest";
import { BLOCK_SIZES, buildConfigBody, formFromConfig, withCurrent, type AppConfig } from "./config";

/** A configuration as GET /api/config sends it (every section, nulls for unset options). */
function fullConfig(): AppConfig {
  return {
    audio: {
      device: "hw:CARD=PCH,DEV=0",
      driver: "alsa",
      sample_rate: null,
      block_size: 512,
      periods: 2,
      channels: 2,
      buffer_blocks: 32,
      ramp_ms: 20,
      crossfade_ms: 50,
      volume_db: 0,
      max_playlist_items: 10000,
      resample_quality: "balanced",
    },
    pipeline: { file: "/home/u/eq.toml" },
    gpu: { enabled: false, backend: "auto", device_index: 1 },
    server: { bind: "127.0.0.1", port: 8717, monitor_rate_hz: 30, music_folders: ["/music"], require_token: false },
    ui: { language: "en", theme: "system", spectrum_bars: 64, meter_decay_db_per_s: 20 },
    performance: { realtime_priority: true, rt_priority: 70, cpu_affinity: null, fir_worker_threads: 1 },
    diagnostics: { log_level: "info", metrics: true, log_file: null },
  };
}

describe("engine settings form", () => {
  it("reads the fields it edits from the configuration", () => {
    expect(formFromConfig(fullConfig())).toEqual({
      device: "hw:CARD=PCH,DEV=0",
      driver: "alsa",
      sampleRateHz: null,
      blockSize: 512,
      gpuEnabled: false,
      gpuBackend: "auto",
      monitorRateHz: 30,
    });
  });

  it("takes the engine's defaults for a configuration that lacks fields or has odd values", () => {
    expect(formFromConfig({ audio: { driver: "oss" as never, device: null } })).toEqual({
      device: "",
      driver: "auto",
      sampleRateHz: null,
      blockSize: 256,
      gpuEnabled: false,
      gpuBackend: "auto",
      monitorRateHz: 30,
    });
  });

  it("puts the form's values into the whole configuration and leaves every other field as it was", () => {
    const config = fullConfig();
    const before = structuredClone(config);
    const body = buildConfigBody(config, {
      device: "  pipewire ",
      driver: "pipewire",
      sampleRateHz: 96000,
      blockSize: 1024,
      gpuEnabled: true,
      gpuBackend: "cuda",
      monitorRateHz: 12,
    });
    // The expected body, written out: the original with exactly these fields replaced.
    const expected = structuredClone(before);
    Object.assign(expected.audio!, { device: "pipewire", driver: "pipewire", sample_rate: 96000, block_size: 1024 });
    Object.assign(expected.gpu!, { enabled: true, backend: "cuda" });
    Object.assign(expected.server!, { monitor_rate_hz: 12 });
    expect(body).toEqual(expected);
    expect(config).toEqual(before); // the loaded configuration is not changed
  });

  it("sends a blank device and 'follow the file' as null (the server then uses the defaults)", () => {
    const body = buildConfigBody(fullConfig(), { ...formFromConfig(fullConfig()), device: "   ", sampleRateHz: null });
    expect(body.audio?.device).toBeNull();
    expect(body.audio?.sample_rate).toBeNull();
  });

  it("round-trips: the form read back from the body is the form that built it", () => {
    const form = { ...formFromConfig(fullConfig()), sampleRateHz: 44100, blockSize: 64, gpuEnabled: true };
    expect(formFromConfig(buildConfigBody(fullConfig(), form))).toEqual(form);
  });

  it("offers every power of two from 16 to 8192 frames as block size", () => {
    expect(BLOCK_SIZES[0]).toBe(16);
    expect(BLOCK_SIZES.at(-1)).toBe(8192);
    expect(BLOCK_SIZES).toHaveLength(10); // 2^4 .. 2^13
    for (const [i, size] of BLOCK_SIZES.entries()) expect(size).toBe(2 ** (i + 4));
  });

  it("offers the current value too when it is not one of the usual ones", () => {
    expect(withCurrent([256, 512], 300)).toEqual([256, 300, 512]);
    expect(withCurrent([256, 512], 512)).toEqual([256, 512]);
    expect(withCurrent([256, 512], null)).toEqual([256, 512]);
  });
});
