// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nextTick } from "vue";
import { change, mountWithSession, text, type Mounted } from "../../player/testMount";
import type { AppConfig } from "../../settings/config";
import type { DeviceList } from "../../settings/devices";
import { engineState, flush } from "../../test/fakes";
import EngineSettings from "./EngineSettings.vue";

function config(): AppConfig {
  return {
    audio: { device: null, driver: "auto", sample_rate: null, block_size: 256, periods: 2, channels: 2 },
    pipeline: { file: null },
    gpu: { enabled: false, backend: "auto", device_index: 0 },
    server: { bind: "127.0.0.1", port: 8717, monitor_rate_hz: 30, music_folders: [] },
    ui: { language: "en", theme: "system" },
  };
}

const DEVICES: DeviceList = {
  hosts: [
    { host: "jack", error: "no JACK server is running", outputs: [], inputs: [] },
    {
      host: "alsa",
      error: null,
      inputs: [],
      outputs: [
        { id: "default", name: "default", is_default: true, channels: [2], sample_rates: [], formats: [], error: null },
        { id: "hw:CARD=PCH,DEV=0", name: "HDA Intel PCH", is_default: false, channels: [2], sample_rates: [], formats: [], error: null },
      ],
    },
  ],
  drivers: ["auto", "jack", "pipewire", "alsa", "default", "null"],
};

interface Call {
  method: string;
  path: string;
  body: unknown;
}
let calls: Call[];
/** What the fake server answers: status and JSON body by "METHOD path". */
let routes: Record<string, [number, unknown]>;
let m: Mounted | null = null;

beforeEach(() => {
  calls = [];
  routes = {
    "GET /api/config?layer=file": [200, config()],
    "GET /api/devices": [200, DEVICES],
    "PUT /api/config": [200, { saved: "/home/u/.config/vortex/config.toml", restart_required: true }],
  };
  vi.stubGlobal("fetch", async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    calls.push({ method, path, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const [status, body] = routes[`${method} ${path}`] ?? [404, { code: "not_found", message: "no route" }];
    return new Response(JSON.stringify(body), { status });
  });
});
afterEach(() => {
  m?.unmount();
  m = null;
  vi.unstubAllGlobals();
});

async function mountForm(): Promise<Mounted> {
  m = mountWithSession(EngineSettings, { runningMonitorRateHz: 25 }, engineState());
  await flush();
  await nextTick();
  return m;
}
const q = <T extends Element>(sel: string) => m!.root.querySelector<T>(sel)!;
/** The setting block a control sits in. */
const fieldOf = (sel: string) => q(sel).closest(".setting")!;

async function save(): Promise<void> {
  q<HTMLButtonElement>("[data-testid=settings-save]").click();
  await flush();
  await nextTick();
}

describe("engine settings", () => {
  it("shows the configuration, the devices by host, and what runs now", async () => {
    await mountForm();
    const device = q<HTMLSelectElement>("select[data-testid=settings-device]");
    expect(device.value).toBe("");
    expect([...device.querySelectorAll("optgroup")].map((g) => g.label)).toEqual(["alsa"]);
    expect([...device.options].map((o) => o.value)).toEqual(["", "default", "hw:CARD=PCH,DEV=0"]);
    expect(q<HTMLSelectElement>("select[data-testid=settings-driver]").value).toBe("auto");
    expect(q<HTMLSelectElement>("select[data-testid=settings-sample-rate]").value).toBe("");
    const block = q<HTMLSelectElement>("select[data-testid=settings-block-size]");
    expect(block.value).toBe("256");
    // Powers of two, written without a thousands separator.
    expect(text(block.querySelector("option[value='1024']"))).toBe("1024 frames");
    // What runs now, from the engine state (fakes: null sink, 48 kHz, 256 frames) and the welcome.
    expect(text(fieldOf("select[data-testid=settings-sample-rate]"))).toContain("Running now: 48 kHz");
    expect(text(fieldOf("select[data-testid=settings-block-size]"))).toContain("Running now: 256 frames");
    expect(text(fieldOf("select[data-testid=settings-driver]"))).toContain("Running now: null");
    expect(text(fieldOf("[data-testid=settings-server-monitor-rate]"))).toContain("Running now: 25 Hz");
    // Every control is labelled.
    for (const control of m!.root.querySelectorAll("input, select")) {
      expect(m!.root.querySelector(`label[for="${control.id}"]`), control.outerHTML).not.toBeNull();
    }
    // A host that is not available is a note, not an error.
    expect(text(m!.root.querySelector("details"))).toContain("jack: no JACK server is running");
    expect(m!.root.querySelectorAll("[data-testid=field-error]")).toHaveLength(0);
  });

  it("saves the whole configuration with the changed fields, and says a restart is needed", async () => {
    await mountForm();
    change(q("select[data-testid=settings-device]"), "hw:CARD=PCH,DEV=0");
    change(q("select[data-testid=settings-driver]"), "alsa");
    change(q("select[data-testid=settings-sample-rate]"), "96000");
    change(q("select[data-testid=settings-block-size]"), "1024");
    q<HTMLInputElement>("[data-testid=settings-gpu-enabled]").click();
    change(q("select[data-testid=settings-gpu-backend]"), "wgpu");
    change(q("[data-testid=settings-server-monitor-rate]"), "75"); // clamped to 60
    await nextTick();
    await save();
    const put = calls.find((c) => c.method === "PUT")!;
    const expected = config();
    Object.assign(expected.audio!, { device: "hw:CARD=PCH,DEV=0", driver: "alsa", sample_rate: 96000, block_size: 1024 });
    Object.assign(expected.gpu!, { enabled: true, backend: "wgpu" });
    Object.assign(expected.server!, { monitor_rate_hz: 60 });
    expect(put).toEqual({ method: "PUT", path: "/api/config", body: expected });
    const status = text(q("[data-testid=settings-saved]"));
    expect(status).toContain("Saved to /home/u/.config/vortex/config.toml.");
    expect(status).toContain("take effect the next time vortex serve starts");
    expect(q("[data-testid=settings-saved]").getAttribute("role")).toBe("status");
  });

  it("shows each refused value next to its field, and the rest by the save button", async () => {
    await mountForm();
    routes["PUT /api/config"] = [
      422,
      {
        code: "invalid_parameter",
        message: "audio.block_size: 9000 is above 8192; performance.rt_priority: must be 1 to 99",
        context: { path: "audio.block_size" },
      },
    ];
    await save();
    const errors = [...m!.root.querySelectorAll("[data-testid=field-error]")].map((e) => text(e));
    expect(errors).toEqual(["9000 is above 8192", "performance.rt_priority: must be 1 to 99"]);
    const block = q<HTMLSelectElement>("select[data-testid=settings-block-size]");
    const blockError = fieldOf("select[data-testid=settings-block-size]").querySelector("[data-testid=field-error]")!;
    expect(text(blockError)).toBe("9000 is above 8192");
    expect(block.getAttribute("aria-invalid")).toBe("true");
    expect(block.getAttribute("aria-describedby")?.split(" ")).toContain(blockError.id);
    expect(text(q("[role=alert]"))).toContain("The settings were not saved");
    expect(text(q("[data-testid=settings-saved]"))).toBe("");
  });

  it("asks for a device name when the server found no devices", async () => {
    routes["GET /api/devices"] = [200, { hosts: [{ host: "alsa", error: "no sound card", outputs: [], inputs: [] }], drivers: ["auto", "null"] }];
    routes["GET /api/config?layer=file"] = [200, { ...config(), audio: { ...config().audio, device: "hw:1" } }];
    await mountForm();
    const device = q<HTMLInputElement>("input[data-testid=settings-device]");
    expect(device.type).toBe("text");
    expect(device.value).toBe("hw:1");
    change(device, "  ");
    await save();
    expect((calls.find((c) => c.method === "PUT")!.body as AppConfig).audio!.device).toBeNull();
  });

  it("reports a configuration that cannot be loaded and keeps the form closed", async () => {
    routes["GET /api/config?layer=file"] = [500, { code: "internal", message: "disk on fire" }];
    await mountForm();
    expect(text(q("[data-testid=field-error]"))).toBe("Could not load the configuration: disk on fire");
    expect(q<HTMLButtonElement>("[data-testid=settings-save]").disabled).toBe(true);
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
  });
});
