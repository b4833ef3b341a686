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
  /**
   * Records what one part of the page (`owner`) wants; the subscription becomes the union
   * of every owner's streams at the highest rate asked, sent when it changes.
   */
  want(owner: string, sub: MonitorSubscription): void;
  /** Forgets what `owner` wanted (nothing at all when no owner is left). */
  release(owner: string): void;
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

  const wishes = new Map<string, MonitorSubscription>();
  const subscribe = (sub: MonitorSubscription): Promise<void> => {
    current = { rateHz: sub.rateHz, streams: { ...sub.streams } };
    return send(current);
  };
  const resubscribe = (): void => {
    const merged = mergeSubscriptions([...wishes.values()]);
    if (current && sameSubscription(current, merged)) return;
    void subscribe(merged);
  };

  return {
    subscribe,
    want(owner, sub) {
      wishes.set(owner, { rateHz: sub.rateHz, streams: { ...sub.streams } });
      resubscribe();
    },
    release(owner) {
      if (wishes.delete(owner)) resubscribe();
    },
    detach() {
      for (const off of offs) off();
    },
  };
}

const STREAMS = ["levels", "loudness", "spectrum", "pitch", "metrics"] as const;

/** The union of several wishes: every stream any asks for, at the highest rate (1 Hz if none). */
export function mergeSubscriptions(subs: readonly MonitorSubscription[]): MonitorSubscription {
  const streams: StreamSet = {};
  for (const name of STREAMS) streams[name] = subs.some((s) => s.streams[name] === true);
  const rateHz = subs.reduce((rate, s) => Math.max(rate, s.rateHz), 1);
  return { rateHz, streams };
}

function sameSubscription(a: MonitorSubscription, b: MonitorSubscription): boolean {
  return a.rateHz === b.rateHz && STREAMS.every((n) => (a.streams[n] === true) === (b.streams[n] === true));
}
