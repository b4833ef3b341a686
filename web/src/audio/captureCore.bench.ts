// The capture worklet's process() per render quantum, in Node at a fine clock:
// `npm run bench:worklet`. The budget is one quantum of audio (2.67 ms at 48 kHz).

import { bench, describe } from "vitest";
import { CaptureCore, type Post } from "./captureCore";
import { QUANTUM } from "./messages";

function core(sources: "mic" | "mic+test+noise"): { run: () => void } {
  const held: ArrayBuffer[] = [];
  // Buffers go straight back, as the page does (a real transfer is not simulated).
  const post: Post = (m) => {
    if (m.payload.type === "audio_data_batch") held.push(m.payload.buffer);
  };
  const c = new CaptureCore({ batch_size: 1024, timeout_ms: 50, pool_size: 16 }, 48_000, post);
  const send = (payload: object) => c.receive({ message_id: 1, timestamp: 0, payload });
  if (sources === "mic+test+noise") {
    send({ type: "update_test_signal_config", enabled: true, waveform: "sine", frequency_hz: 440, amplitude: 0.5 });
    send({ type: "update_noise_config", enabled: true, color: "pink", level_db: -30 });
  }
  send({ type: "start_processing" });
  const input = Float32Array.from({ length: QUANTUM }, (_, i) => Math.sin(i / 10));
  const channels = [input, input];
  let frame = 0;
  return {
    run() {
      c.process(channels, frame);
      frame += QUANTUM;
      for (const buffer of held.splice(0)) send({ type: "return_buffer", buffer });
    },
  };
}

describe("capture worklet process(), one 128-frame quantum", () => {
  const mic = core("mic");
  const all = core("mic+test+noise");
  bench("stereo microphone", () => mic.run());
  bench("stereo microphone + sine + pink noise", () => all.run());
});
