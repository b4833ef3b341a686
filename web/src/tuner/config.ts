// What the Tuner page lets the user set, with the checks made before anything is sent
// (the same ranges as the worklet's schema, and the test tone below Nyquist).

import type { NoiseConfig, TestSignalConfig } from "../audio/messages";

export interface TunerConfig {
  /** Capture the microphone. */
  mic: boolean;
  test: TestSignalConfig;
  noise: NoiseConfig;
  /** Reference A4, Hz, 415..466. */
  a4Hz: number;
  /** Frames per batch (BATCH_SIZES). */
  batchSize: number;
  /** Partial-batch timeout, ms, 1..1000. */
  timeoutMs: number;
}

export const BATCH_SIZES = [128, 256, 512, 1024, 2048, 4096, 8192] as const;

export const A4_RANGE = [415, 466] as const;
export const TIMEOUT_RANGE = [1, 1000] as const;
export const AMPLITUDE_RANGE = [0, 1] as const;
export const NOISE_RANGE = [-120, 0] as const;
/** Lowest test tone, Hz; the highest is just under half the sample rate (at most 24 kHz). */
export const TEST_MIN_HZ = 1;

export function defaultConfig(): TunerConfig {
  return {
    mic: true,
    test: { enabled: false, waveform: "sine", frequency_hz: 440, amplitude: 0.5 },
    noise: { enabled: false, color: "pink", level_db: -30 },
    a4Hz: 440,
    batchSize: 1024,
    timeoutMs: 50,
  };
}

/** A field's problem: a translation id and its arguments. */
export interface Problem {
  id: "tuner-invalid-range";
  args: { min: number; max: number };
}

export type Field = "a4Hz" | "timeoutMs" | "testFrequency" | "testAmplitude" | "noiseLevel";

function range(value: number, min: number, max: number): Problem | null {
  return Number.isFinite(value) && value >= min && value <= max ? null : { id: "tuner-invalid-range", args: { min, max } };
}

/** The highest test tone at `sampleRate`, Hz (below Nyquist, within the schema's 24 kHz). */
export function maxTestHz(sampleRate: number): number {
  return Math.min(24_000, Math.floor(sampleRate / 2) - 1);
}

/** Every field that is out of range, for a context at `sampleRate` Hz. */
export function problems(c: TunerConfig, sampleRate: number): Partial<Record<Field, Problem>> {
  const found: Partial<Record<Field, Problem>> = {};
  const check = (field: Field, p: Problem | null) => {
    if (p) found[field] = p;
  };
  check("a4Hz", range(c.a4Hz, ...A4_RANGE));
  check("timeoutMs", range(c.timeoutMs, ...TIMEOUT_RANGE));
  check("testFrequency", range(c.test.frequency_hz, TEST_MIN_HZ, maxTestHz(sampleRate)));
  check("testAmplitude", range(c.test.amplitude, ...AMPLITUDE_RANGE));
  check("noiseLevel", range(c.noise.level_db, ...NOISE_RANGE));
  return found;
}
