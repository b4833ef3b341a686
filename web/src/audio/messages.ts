// Messages between the capture worklet and the page, written by hand to match
// docs/protocol/worklet-{in,out,options}.schema.json (generated from
// crates/vortex-protocol/src/worklet.rs). The schemas are the authority: each side
// checks what it receives (validate.ts) before it trusts these types.

import type { Envelope } from "../protocol/types";

/** The name the capture processor is registered under (`new AudioWorkletNode(context, PROCESSOR_NAME)`). */
export const PROCESSOR_NAME = "vortex-capture";

/** Frames in one Web Audio render quantum. */
export const QUANTUM = 128;
/** Largest batch, frames; every pool buffer holds this many samples. */
export const MAX_BATCH = 8192;

/** How the worklet is created (`processorOptions`); the pool never grows. */
export interface WorkletOptions {
  /** Frames per batch, 128..=8192 in steps of 128 (default 1024). */
  batch_size: number;
  /** Milliseconds of audio time before a partial batch is sent, 1..=1000 (default 50). */
  timeout_ms: number;
  /** Buffers in the pool, 2..=256 (default 16). */
  pool_size: number;
}

export const DEFAULT_OPTIONS: Readonly<WorkletOptions> = { batch_size: 1024, timeout_ms: 50, pool_size: 16 };

export type TestWaveform = "sine" | "square" | "sawtooth" | "triangle";
export type NoiseColor = "white" | "pink";

export interface TestSignalConfig {
  enabled: boolean;
  waveform: TestWaveform;
  /** Hz, 1..=24000 and below half the sample rate. */
  frequency_hz: number;
  /** Peak, 0..=1. */
  amplitude: number;
}

export interface NoiseConfig {
  enabled: boolean;
  color: NoiseColor;
  /** RMS, dBFS, -120..=0. */
  level_db: number;
}

export type ToWorklet =
  | { type: "start_processing" }
  | { type: "stop_processing" }
  | { type: "update_batch_config"; batch_size: number; timeout_ms: number }
  | ({ type: "update_test_signal_config" } & TestSignalConfig)
  | ({ type: "update_noise_config" } & NoiseConfig)
  | { type: "return_buffer"; buffer: ArrayBuffer };

export type WorkletErrorCode = "buffer_exhaustion" | "invalid_message" | "invalid_configuration" | "processing_failed";

export interface ErrorContext {
  path?: string;
  value?: string;
  limit?: string;
}

export interface AudioDataBatch {
  type: "audio_data_batch";
  /** Hz. */
  sample_rate: number;
  /** Valid samples at the start of `buffer`. */
  sample_count: number;
  /** From 0 since start, dropped batches included (a gap = that many dropped). */
  sequence_number: number;
  /** The context's frame index of the first sample. */
  first_frame: number;
  /** 32-bit float samples; holds MAX_BATCH. */
  buffer: ArrayBuffer;
}

export interface StatusUpdate {
  type: "status_update";
  state: "running" | "stopped";
  batch_size: number;
  pool_size: number;
  pool_free: number;
  batches_sent: number;
  batches_dropped: number;
  partial_batches: number;
  quanta: number;
  /** Longest process() call, ms (Date.now() resolution in worklets). */
  max_process_ms: number;
  /** process() calls longer than one quantum of audio. */
  over_budget: number;
}

export type FromWorklet =
  | { type: "processor_ready"; batch_size: number; sample_rate: number; pool_size: number; timeout_ms: number }
  | AudioDataBatch
  | { type: "processing_error"; code: WorkletErrorCode; message: string; context: ErrorContext }
  | StatusUpdate;

export type ToWorkletEnvelope = Envelope<ToWorklet>;
export type FromWorkletEnvelope = Envelope<FromWorklet>;
