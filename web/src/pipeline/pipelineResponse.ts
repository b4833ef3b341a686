// The combined response of each output channel of a pipeline: the steps walked in
// order as the engine runs them. A filter step multiplies the responses of the
// channels it lists (all when absent); a mixer makes each output the complex sum of
// its sources (gain dB, polarity, mute); bypassed steps are skipped. Dynamics and
// convolution have no fixed response and are left out (and reported).

import { addScaled, silence, unity, type ResponseCurve } from "./complex";
import { designFilter, type Stage } from "./design";
import { DesignError } from "./designError";
import { stepChannels, type PipelineDoc } from "./model";
import { applyStage } from "./response";

export interface PipelineResponse {
  /** One curve per channel leaving the pipeline. */
  channels: ResponseCurve[];
  /** Filters in running steps that the curves leave out, and why. */
  unplotted: { name: string; reason: "dynamics" | "convolution" }[];
  /** Filters in running steps that cannot be designed as they stand (left out too). */
  invalid: string[];
}

/** The response of every output channel at `freqsHz`, for `inputChannels` channels at `fsHz`. */
export function pipelineResponse(
  p: PipelineDoc,
  inputChannels: number,
  fsHz: number,
  freqsHz: readonly number[],
): PipelineResponse {
  const n = freqsHz.length;
  let channels: ResponseCurve[] = Array.from({ length: inputChannels }, () => unity(n));
  const designs = new Map<string, Stage | null>();
  const unplotted = new Map<string, "dynamics" | "convolution">();
  const invalid = new Set<string>();

  const design = (name: string): Stage | null => {
    if (!designs.has(name)) {
      const f = p.filters[name];
      let stage: Stage | null = null;
      try {
        stage = f ? designFilter(f, fsHz) : null;
      } catch (e) {
        if (!(e instanceof DesignError)) throw e;
      }
      designs.set(name, stage);
    }
    return designs.get(name) ?? null;
  };

  for (const step of p.steps) {
    if (step.bypassed) continue;
    if (step.type === "filter") {
      const targets = stepChannels(step, channels.length).filter((c) => c >= 0 && c < channels.length);
      for (const name of step.names) {
        const stage = design(name);
        if (!stage) {
          invalid.add(name);
          continue;
        }
        if (stage.kind === "unplotted") unplotted.set(name, stage.reason);
        for (const c of targets) applyStage(channels[c]!, stage, freqsHz, fsHz);
      }
    } else {
      const mixer = p.mixers?.[step.name];
      if (!mixer) continue;
      const inputs = channels;
      channels = mixer.mapping.map((out) => {
        const sum = silence(n);
        for (const s of out.sources ?? []) {
          const input = inputs[s.channel];
          if (!input || s.mute) continue;
          addScaled(sum, input, 10 ** ((s.gain ?? 0) / 20) * (s.inverted ? -1 : 1));
        }
        return sum;
      });
    }
  }
  return {
    channels,
    unplotted: [...unplotted].map(([name, reason]) => ({ name, reason })),
    invalid: [...invalid],
  };
}
