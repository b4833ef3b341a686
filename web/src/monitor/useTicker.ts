// Views on the monitor page get the page's ticker by injection and add their per-frame
// work for as long as they are mounted.

import { inject, onMounted, onUnmounted, type InjectionKey } from "vue";
import type { MonitorFrame } from "../protocol/types";
import { IntervalGate, READOUT_INTERVAL_MS } from "./intervalGate";
import type { MonitorTicker, TickListener } from "./ticker";

export const TICKER_KEY: InjectionKey<MonitorTicker> = Symbol("monitor-ticker");

/** Runs `listener` on every monitor frame while the component is mounted. */
export function useMonitorTick(listener: TickListener): MonitorTicker {
  const ticker = inject(TICKER_KEY);
  if (!ticker) throw new Error("useMonitorTick outside the monitor page (no ticker provided)");
  let off: (() => void) | null = null;
  onMounted(() => (off = ticker.add(listener)));
  onUnmounted(() => off?.());
  return ticker;
}

/**
 * Calls `apply` with one part of the monitor frame (levels, loudness, ...) whenever that
 * part is a new object: the ticker also runs for spectrum-only changes and redraw
 * requests, which leave the numbers as they are. null: no frame or no such part.
 * `numbersDue` says whether numbers may be written now: at most every
 * READOUT_INTERVAL_MS, always when the data went away (so "-" shows at once), and a
 * value that had to wait is shown when the interval is over even if no newer one came.
 */
export function useFrameField<T>(
  select: (frame: MonitorFrame) => T | null | undefined,
  apply: (value: T | null, nowMs: number, numbersDue: boolean) => void,
): MonitorTicker {
  let last: T | null | undefined;
  /** The value the numbers show. */
  let numbersOf: T | null | undefined;
  const gate = new IntervalGate(READOUT_INTERVAL_MS);
  let trailing: ReturnType<typeof setTimeout> | null = null;
  const ticker = useMonitorTick((buffer, nowMs) => {
    const value = buffer.frame ? (select(buffer.frame) ?? null) : null;
    const numbersStale = value !== numbersOf;
    if (value === last && !numbersStale) return;
    const numbersDue = numbersStale && (value === null || gate.due(nowMs));
    if (value === last && !numbersDue) return;
    last = value;
    if (numbersDue) numbersOf = value;
    else if (numbersStale && trailing === null) {
      trailing = setTimeout(() => {
        trailing = null;
        ticker.invalidate();
      }, READOUT_INTERVAL_MS);
    }
    apply(value, nowMs, numbersDue);
  });
  onUnmounted(() => {
    if (trailing !== null) clearTimeout(trailing);
  });
  return ticker;
}
