// The latest monitoring data, outside Vue's reactivity on purpose: frames arrive at up
// to 60 Hz, and canvas views read them in requestAnimationFrame, redrawing when
// `version` moved since their last look:
//
//   let seen = -1;
//   function frame() {
//     if (monitorBuffer.version !== seen) { seen = monitorBuffer.version; draw(monitorBuffer); }
//     requestAnimationFrame(frame);
//   }
//
// Never put this object (or its frames) into a store, ref or reactive(): markRaw keeps
// Vue from proxying it even if someone tries.

import { markRaw } from "vue";
import type { SpectrumFrame } from "../protocol/spectrum";
import type { MonitorFrame } from "../protocol/types";

export class MonitorBuffer {
  /** The latest `monitor` message; null before the first one and after a disconnect. */
  frame: MonitorFrame | null = null;
  /** The latest spectrum; `spectrum.sequence` matches the frame of the same tick. */
  spectrum: SpectrumFrame | null = null;
  /** Counts every change of `frame` or `spectrum`. */
  version = 0;

  pushFrame(frame: MonitorFrame): void {
    this.frame = frame;
    this.version++;
  }

  pushSpectrum(spectrum: SpectrumFrame): void {
    this.spectrum = spectrum;
    this.version++;
  }

  /** Forgets what was shown (the connection dropped: old levels must not stay up). */
  clear(): void {
    if (this.frame === null && this.spectrum === null) return;
    this.frame = null;
    this.spectrum = null;
    this.version++;
  }
}

/** The page's one buffer. */
export const monitorBuffer: MonitorBuffer = markRaw(new MonitorBuffer());
