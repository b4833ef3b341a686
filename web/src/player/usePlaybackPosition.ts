// The live playback position, s. The server sends no state_changed for position-only
// changes, so the position comes from the monitor's metrics stream: this asks for it
// (at 4 Hz, merged with whatever else the page wants) while the component lives, and
// copies it from the non-reactive monitor buffer into a ref every 250 ms. Before the
// first metrics frame, the last state's position stands in.

import { onBeforeUnmount, onMounted, readonly, ref, type Ref } from "vue";
import { monitorBuffer, type MonitorBuffer } from "../monitor/buffer";
import type { MonitorFeed } from "../monitor/feed";

/** The owner name of this wish in the monitor feed. */
export const POSITION_OWNER = "now-playing";
/** Metrics frames per second asked for. */
export const POSITION_RATE_HZ = 4;
/** How often the buffer is read, ms (matches the rate asked for). */
export const POSITION_POLL_MS = 1000 / POSITION_RATE_HZ;

export function usePlaybackPosition(
  monitor: Pick<MonitorFeed, "want" | "release">,
  fallbackS: () => number,
  buffer: MonitorBuffer = monitorBuffer,
): Readonly<Ref<number>> {
  const positionS = ref(fallbackS());
  let timer: ReturnType<typeof setInterval> | null = null;

  const poll = (): void => {
    const live = buffer.frame?.metrics?.position_s;
    positionS.value = typeof live === "number" && Number.isFinite(live) ? live : fallbackS();
  };

  onMounted(() => {
    monitor.want(POSITION_OWNER, { rateHz: POSITION_RATE_HZ, streams: { metrics: true } });
    poll();
    timer = setInterval(poll, POSITION_POLL_MS);
  });
  onBeforeUnmount(() => {
    if (timer !== null) clearInterval(timer);
    monitor.release(POSITION_OWNER);
  });

  return readonly(positionS);
}
