// The current item's format, from the engine state's `track` (null or absent for no
// item, a generator, the demo programme or a capture). The schema makes bits and
// duration optional; here they are always present, null when unknown.

import type { EngineState, TrackInfo } from "../protocol/types";

/** The current track's format, or null when the state carries none. */
export function trackOf(state: Readonly<EngineState> | null | undefined): TrackInfo | null {
  const track = state?.track;
  if (!track) return null;
  return { ...track, bits_per_sample: track.bits_per_sample ?? null, duration_s: track.duration_s ?? null };
}
