// The engine's configuration as `GET /api/config` sends it and `PUT /api/config` takes
// it back (crates/vortex-engine/src/app_config.rs is the authority), and the part of it
// the settings form edits. The PUT carries the whole object: the fields the form does
// not show go back exactly as they came, so saving never resets them.

export const DRIVERS = ["auto", "jack", "pipewire", "alsa", "default", "null"] as const;
export type DriverChoice = (typeof DRIVERS)[number];
export const GPU_BACKENDS = ["auto", "cpu", "wgpu", "cuda"] as const;
export type GpuBackend = (typeof GPU_BACKENDS)[number];

/** What the form reads of the configuration; every other field passes through. */
export interface AppConfig {
  audio?: {
    /** Output device id; null (or absent): the driver's default. */
    device?: string | null;
    driver?: DriverChoice;
    /** Hz, 8000..768000; null (or absent): follow the file. */
    sample_rate?: number | null;
    /** Frames per period, 16..8192. */
    block_size?: number;
    [key: string]: unknown;
  };
  gpu?: { enabled?: boolean; backend?: GpuBackend; device_index?: number; [key: string]: unknown };
  server?: { monitor_rate_hz?: number; [key: string]: unknown };
  [key: string]: unknown;
}

/** `PUT /api/config`'s answer. */
export interface SaveReply {
  /** The file written. */
  saved: string;
  restart_required: boolean;
}

export const SAMPLE_RATE_MIN_HZ = 8000;
export const SAMPLE_RATE_MAX_HZ = 768_000;
export const BLOCK_SIZE_MIN = 16;
export const BLOCK_SIZE_MAX = 8192;
export const MONITOR_RATE_MIN_HZ = 1;
export const MONITOR_RATE_MAX_HZ = 60;

/** Rates offered besides "follow the file", Hz. */
export const COMMON_SAMPLE_RATES_HZ = [44_100, 48_000, 88_200, 96_000, 176_400, 192_000, 352_800, 384_000] as const;

/** The block sizes offered: the powers of two from 16 to 8192 frames. */
export const BLOCK_SIZES: readonly number[] = Array.from(
  { length: Math.log2(BLOCK_SIZE_MAX / BLOCK_SIZE_MIN) + 1 },
  (_, i) => BLOCK_SIZE_MIN * 2 ** i,
);

/** The engine settings the form edits. */
export interface EngineForm {
  /** Output device id; "" for the driver's default. */
  device: string;
  driver: DriverChoice;
  /** Hz; null to follow the file. */
  sampleRateHz: number | null;
  /** Frames per period. */
  blockSize: number;
  gpuEnabled: boolean;
  gpuBackend: GpuBackend;
  /** The server's default monitoring rate, Hz. */
  monitorRateHz: number;
}
export type FieldId = keyof EngineForm;

/** Where each form field lives in the configuration (the paths its errors name). */
export const FIELD_PATHS: Readonly<Record<FieldId, string>> = {
  device: "audio.device",
  driver: "audio.driver",
  sampleRateHz: "audio.sample_rate",
  blockSize: "audio.block_size",
  gpuEnabled: "gpu.enabled",
  gpuBackend: "gpu.backend",
  monitorRateHz: "server.monitor_rate_hz",
};

// The engine's defaults (app_config.rs), for a configuration that lacks a field.
const DEFAULTS: Readonly<EngineForm> = {
  device: "",
  driver: "auto",
  sampleRateHz: null,
  blockSize: 256,
  gpuEnabled: false,
  gpuBackend: "auto",
  monitorRateHz: 30,
};

const oneOf = <T extends string>(allowed: readonly T[], v: unknown, fallback: T): T =>
  allowed.includes(v as T) ? (v as T) : fallback;
const num = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);

/** The form's values from a configuration. */
export function formFromConfig(config: AppConfig): EngineForm {
  const { audio = {}, gpu = {}, server = {} } = config;
  return {
    device: typeof audio.device === "string" ? audio.device : DEFAULTS.device,
    driver: oneOf(DRIVERS, audio.driver, DEFAULTS.driver),
    sampleRateHz: typeof audio.sample_rate === "number" ? audio.sample_rate : null,
    blockSize: num(audio.block_size, DEFAULTS.blockSize),
    gpuEnabled: typeof gpu.enabled === "boolean" ? gpu.enabled : DEFAULTS.gpuEnabled,
    gpuBackend: oneOf(GPU_BACKENDS, gpu.backend, DEFAULTS.gpuBackend),
    monitorRateHz: num(server.monitor_rate_hz, DEFAULTS.monitorRateHz),
  };
}

/**
 * The `PUT /api/config` body: the configuration as loaded with the form's values put in.
 * A blank device and "follow the file" become null (the server drops nulls, leaving the
 * field at its default).
 */
export function buildConfigBody(config: AppConfig, form: EngineForm): AppConfig {
  const body = structuredClone(config);
  const device = form.device.trim();
  body.audio = {
    ...body.audio,
    device: device === "" ? null : device,
    driver: form.driver,
    sample_rate: form.sampleRateHz,
    block_size: form.blockSize,
  };
  body.gpu = { ...body.gpu, enabled: form.gpuEnabled, backend: form.gpuBackend };
  body.server = { ...body.server, monitor_rate_hz: form.monitorRateHz };
  return body;
}

/** The options of a choice: the usual ones, plus the current value when it is not one of them. */
export function withCurrent(options: readonly number[], current: number | null): number[] {
  return current === null || options.includes(current) ? [...options] : [...options, current].sort((a, b) => a - b);
}
