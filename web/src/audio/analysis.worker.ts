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

async function init(message: Extract<ToAnalysisWorker, { type: "init" }>): Promise<void> {
  const analyzers = await Analyzers.load(message.module);
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
