// One analysis subsystem in its own Worker: loads the WebAssembly analyzers, then
// answers every batch with a reading and the time the analysis took. A failure is
// reported (and the page restarts the worker); it cannot stop the other subsystems.

import { Analyzers, type LevelAnalyzer, type PitchAnalyzer } from "./analyzers";
import type { FromAnalysisWorker, Reading, ToAnalysisWorker } from "./analysisWorker";

let analyze: ((samples: Float32Array) => Reading) | null = null;
let pitch: PitchAnalyzer | null = null;

function reply(message: FromAnalysisWorker): void {
  postMessage(message);
}

/** Batches run through throwaway analyzers at start, so the browser compiles the hot
 *  functions with its optimising tier before the first real batch (the first batches
 *  otherwise take milliseconds instead of tens of microseconds). */
const WARM_UP_BATCHES = 64;

function warmUp(analyzers: Analyzers, sampleRate: number): void {
  const batch = Float32Array.from({ length: 1024 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
  const p = analyzers.pitch({ sampleRate });
  const l = analyzers.levels(sampleRate);
  for (let i = 0; i < WARM_UP_BATCHES; i++) {
    p.process(batch);
    l.process(batch);
  }
  p.free();
  l.free();
}

async function init(message: Extract<ToAnalysisWorker, { type: "init" }>): Promise<void> {
  const analyzers = await Analyzers.load(message.module);
  warmUp(analyzers, message.sampleRate);
  if (message.kind === "pitch") {
    const p = analyzers.pitch({ sampleRate: message.sampleRate, a4Hz: message.a4Hz });
    pitch = p;
    analyze = (samples) => ({ kind: "pitch", value: p.process(samples) });
  } else {
    const levels: LevelAnalyzer = analyzers.levels(message.sampleRate);
    analyze = (samples) => ({ kind: "levels", value: levels.process(samples) });
  }
  reply({ type: "ready" });
}

addEventListener("message", (event: MessageEvent<ToAnalysisWorker>) => {
  const message = event.data;
  try {
    switch (message.type) {
      case "init":
        init(message).catch((e: unknown) => reply({ type: "failed", message: String(e instanceof Error ? e.message : e) }));
        break;
      case "batch": {
        if (!analyze) throw new Error("batch before the analyzer was ready");
        const started = performance.now();
        const reading = analyze(message.samples);
        const analysisMs = performance.now() - started;
        reply({ type: "result", sequence: message.sequence, sentAt: message.sentAt, analysisMs, reading });
        break;
      }
      case "reference":
        pitch?.setReference(message.a4Hz);
        break;
    }
  } catch (e) {
    reply({ type: "failed", message: e instanceof Error ? e.message : String(e) });
  }
});
