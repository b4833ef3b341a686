// Test doubles: a WebSocket the test drives by hand and a clock whose timers fire only
// when the test advances it.

import type { Clock, WebSocketLike } from "../protocol/client";
import type { EngineState, ServerMessage } from "../protocol/types";

export class FakeClock implements Clock {
  time = 1_800_000_000_000;
  private nextHandle = 1;
  readonly timers = new Map<number, { at: number; fn: () => void; ms: number }>();
  /** Every delay passed to setTimeout, in order. */
  readonly delays: number[] = [];

  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): number {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.time + ms, fn, ms });
    this.delays.push(ms);
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = end;
  }
}

export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  static reset(): void {
    FakeWebSocket.instances = [];
  }
  static get last(): FakeWebSocket {
    const ws = FakeWebSocket.instances.at(-1);
    if (!ws) throw new Error("no socket was created");
    return ws;
  }

  readyState = 0;
  binaryType = "blob";
  readonly sent: string[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(data);
  }
  close(): void {
    this.closed = true;
    this.readyState = 3;
  }

  // ---- driven by the test ----
  /** The server accepts the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  /** The connection fails or drops. */
  drop(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006 });
  }
  /** The server sends a text frame (an object is sent as JSON). */
  receive(data: unknown): void {
    this.onmessage?.({ data: typeof data === "string" ? data : JSON.stringify(data) });
  }
  receiveBinary(data: ArrayBuffer): void {
    this.onmessage?.({ data });
  }
  /** The server pushes a payload (message_id 0). */
  push(payload: ServerMessage | Record<string, unknown>): void {
    this.receive({ message_id: 0, timestamp: 1_800_000_000_000, payload });
  }
  /** The server replies to request `id`. */
  reply(id: number, payload: ServerMessage | Record<string, unknown>): void {
    this.receive({ message_id: id, timestamp: 1_800_000_000_000, payload });
  }
  /** The envelopes sent so far, parsed. */
  get envelopes(): { message_id: number; timestamp: number; payload: { type: string } & Record<string, unknown> }[] {
    return this.sent.map((s) => JSON.parse(s));
  }
}

export const WELCOME = {
  type: "welcome",
  protocol_version: 1,
  server_version: "0.1.0",
  client_id: 7,
  max_message_bytes: 65536,
  monitor_rate_hz: 30,
} as const;

export function engineState(overrides: Partial<EngineState> = {}): EngineState {
  return {
    transport: "playing",
    position_s: 2.12,
    current_item: null,
    playlist: [],
    repeat: "off",
    volume_db: 0,
    muted: false,
    pipeline: {
      filters: { bass: { freq: 120.0, gain: 3.0, slope: 6.0, type: "lowshelf" } },
      steps: [{ names: ["bass"], type: "filter" }],
    },
    output: {
      sink: "null (real-time paced, silent)",
      driver: "null",
      sample_rate: 48000,
      channels: 2,
      block_frames: 256,
      latency_ms: 10.7,
    },
    source: "demo programme: tones, sweep, pink noise, melody (24 s, looping)",
    version: 1,
    ...overrides,
  };
}

/** Lets pending promise callbacks run. */
export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
