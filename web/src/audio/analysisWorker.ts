// The messages between the page and an analysis Worker (analysis.worker.ts). Internal to
// the page, typed here rather than schema-checked.

import type { LevelReading, PitchReading } from "./analyzers";

export type SubsystemKind = "pitch" | "levels";

export type ToAnalysisWorker =
  | { type: "init"; kind: SubsystemKind; module: WebAssembly.Module; sampleRate: number; a4Hz: number }
  | { type: "batch"; sequence: number; sentAt: number; samples: Float32Array }
  | { type: "reference"; a4Hz: number };

export type Reading = { kind: "pitch"; value: PitchReading | null } | { kind: "levels"; value: LevelReading };

export type FromAnalysisWorker =
  | { type: "ready" }
  | { type: "result"; sequence: number; sentAt: number; analysisMs: number; reading: Reading }
  | { type: "failed"; message: string };
