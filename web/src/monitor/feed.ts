// Feeds a MonitorBuffer from a ProtocolClient and keeps the client's monitoring
// subscription: the server forgets it on disconnect, so it is sent again on every open.

import type { ProtocolClient } from "../protocol/client";
import type { StreamSet } from "../protocol/types";
import type { MonitorBuffer } from "./buffer";

export interface MonitorSubscription {
  rateHz: number;
  streams: StreamSet;
}

export interface MonitorFeed {
  /** Asks for these streams at this rate, now (if connected) and after each reconnect. */
  subscribe(sub: MonitorSubscription): Promise<void>;
  /** Stops feeding the buffer. */
  detach(): void;
}

export function attachMonitorFeed(
  client: ProtocolClient,
  buffer: MonitorBuffer,
  onError: (e: unknown) => void = () => {},
): MonitorFeed {
  let current: MonitorSubscription | null = null;

  const send = async (sub: MonitorSubscription): Promise<void> => {
    if (client.status !== "open") return; // sent on the next open
    try {
      await client.request({ type: "set_monitoring", rate_hz: sub.rateHz, streams: sub.streams });
    } catch (e) {
      onError(e);
    }
  };

  const offs = [
    client.on("monitor", (frame) => buffer.pushFrame(frame)),
    client.onSpectrum((spectrum) => buffer.pushSpectrum(spectrum)),
    client.onStatus((info) => {
      if (info.status === "open") {
        if (current) void send(current);
      } else {
        buffer.clear();
      }
    }),
  ];

  return {
    subscribe(sub) {
      current = { rateHz: sub.rateHz, streams: { ...sub.streams } };
      return send(current);
    },
    detach() {
      for (const off of offs) off();
    },
  };
}
