import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isProxy, isReactive } from "vue";
import { MonitorBuffer } from "../monitor/buffer";
import { encodeSpectrum } from "../protocol/spectrum";
import { startSession, type Session } from "../session";
import { engineState, FakeClock, FakeWebSocket, flush, WELCOME } from "../test/fakes";
import { useConnectionStore } from "./connection";
import { useEngineStore } from "./engine";

let clock: FakeClock;
let session: Session;
let buffer: MonitorBuffer;

/** A session over a fake socket the server side of which the test plays. */
function start(): FakeWebSocket {
  session = startSession({ url: "ws://vortex.test/ws", WebSocket: FakeWebSocket, clock, hello: false }, buffer);
  const ws = FakeWebSocket.last;
  ws.accept();
  ws.push(WELCOME);
  ws.push({ type: "snapshot", state: engineState() });
  return ws;
}

/** The id of the last command of this type the page sent. */
function lastId(ws: FakeWebSocket, type: string): number {
  const env = ws.envelopes.filter((e) => e.payload.type === type).at(-1);
  if (!env) throw new Error(`no ${type} was sent`);
  return env.message_id;
}

beforeEach(() => {
  setActivePinia(createPinia());
  FakeWebSocket.reset();
  clock = new FakeClock();
  buffer = new MonitorBuffer();
});
afterEach(() => session?.stop());

describe("engine store", () => {
  it("takes the snapshot, then newer state_changed, and drops older ones", () => {
    const ws = start();
    const engine = useEngineStore();
    expect(engine.state).toEqual(engineState());
    expect(engine.source).toBe(engineState().source);
    expect(engine.transportState).toBe("playing");

    ws.push({ type: "state_changed", state: engineState({ version: 2, volume_db: -6, transport: "paused" }), cause: 7 });
    expect(engine.state?.volume_db).toBe(-6);
    expect(engine.transportState).toBe("paused");
    expect(engine.lastCause).toBe(7);

    ws.push({ type: "state_changed", state: engineState({ version: 2, volume_db: -20 }), cause: 3 });
    ws.push({ type: "state_changed", state: engineState({ version: 1, volume_db: -30 }), cause: 3 });
    expect(engine.state?.volume_db).toBe(-6);

    // A restarted server counts from 1 again: its snapshot is taken whatever the version.
    ws.push({ type: "snapshot", state: engineState({ version: 1, volume_db: -12 }) });
    expect(engine.state?.volume_db).toBe(-12);
  });

  it("sends commands and changes nothing until the server says so", async () => {
    const ws = start();
    const engine = useEngineStore();
    const done = engine.setVolume(-6);
    const sent = ws.envelopes.at(-1)!;
    expect(sent.payload).toEqual({ type: "set_volume", db: -6 });
    ws.reply(sent.message_id, { type: "ack" });
    expect(await done).toBe(true);
    expect(engine.state?.volume_db).toBe(0); // acked, but no state_changed yet
    ws.push({ type: "state_changed", state: engineState({ version: 2, volume_db: -6 }), cause: WELCOME.client_id });
    expect(engine.state?.volume_db).toBe(-6);

    void engine.transport("toggle");
    void engine.setMute(true);
    void engine.setFilterParameter("bass", "gain", 4.5);
    void engine.setPipeline({ filters: {}, steps: [] });
    expect(ws.envelopes.slice(-4).map((e) => e.payload)).toEqual([
      { type: "transport", action: "toggle" },
      { type: "set_mute", muted: true },
      { type: "set_filter_parameter", filter: "bass", parameter: "gain", value: 4.5 },
      { type: "set_pipeline", pipeline: { filters: {}, steps: [] } },
    ]);
  });

  it("surfaces a command's error reply in the connection store", async () => {
    const ws = start();
    const engine = useEngineStore();
    const connection = useConnectionStore();
    const done = engine.setFilterParameter("bass", "gain", 99);
    ws.reply(lastId(ws, "set_filter_parameter"), {
      type: "error",
      code: "invalid_parameter",
      message: "payload.value must be within -24..=24",
      context: { path: "payload.value", value: "99", limit: "-24..=24" },
    });
    expect(await done).toBe(false);
    expect(connection.lastError).toMatchObject({
      code: "invalid_parameter",
      message: "payload.value must be within -24..=24",
      path: "payload.value",
      command: "set_filter_parameter",
    });
    expect(engine.state?.version).toBe(1);
    connection.clearError();
    expect(connection.lastError).toBeNull();
  });

  it("validates a pipeline and returns the server's verdict", async () => {
    const ws = start();
    const engine = useEngineStore();
    const verdict = engine.validatePipeline({ filters: { x: { type: "nope" } } });
    ws.reply(lastId(ws, "validate_pipeline"), {
      type: "validation_result",
      valid: false,
      errors: [{ path: "filters.x.type", message: "unknown filter type" }],
    });
    expect(await verdict).toEqual({
      type: "validation_result",
      valid: false,
      errors: [{ path: "filters.x.type", message: "unknown filter type" }],
    });
  });

  it("refreshes the state with get_state", async () => {
    const ws = start();
    const engine = useEngineStore();
    const done = engine.refresh();
    ws.reply(lastId(ws, "get_state"), { type: "snapshot", state: engineState({ version: 9, source: "mic" }) });
    expect(await done).toBe(true);
    expect(engine.source).toBe("mic");
  });
});

describe("connection store", () => {
  it("follows status, reconnect attempts and the server's welcome", () => {
    const ws = start();
    const connection = useConnectionStore();
    expect(connection.status).toBe("open");
    expect(connection.server).toEqual({ serverVersion: "0.1.0", protocolVersion: 1, clientId: 7, maxMessageBytes: 65536 });
    ws.drop();
    expect(connection.status).toBe("offline");
    expect(connection.reconnectAttempts).toBe(1);
    expect(connection.retryInMs).toBe(500);
    clock.advance(500);
    expect(connection.status).toBe("connecting");
  });

  it("records an invalid message from the server, which changes nothing", () => {
    const ws = start();
    const connection = useConnectionStore();
    const engine = useEngineStore();
    ws.push({ type: "state_changed", state: { ...engineState({ version: 5 }), muted: "yes" } });
    expect(engine.state?.version).toBe(1);
    expect(connection.lastError).toMatchObject({ code: "invalid_message", path: "payload.state.muted" });
  });

  it("records errors the server pushes", () => {
    const ws = start();
    ws.push({ type: "error", code: "buffer_overflow", message: "reading too slowly" });
    expect(useConnectionStore().lastError).toMatchObject({ code: "buffer_overflow", command: null });
  });
});

describe("monitoring", () => {
  it("goes to the plain buffer, not to reactive state, and is asked for again after a reconnect", async () => {
    const ws = start();
    const frame = { type: "monitor", sequence: 4, time_s: 1.5, sample_rate: 48000, levels: null } as const;
    ws.push(frame);
    ws.receiveBinary(encodeSpectrum({ channels: 1, bins: 2, sampleRate: 48000, fftSize: 4, sequence: 4, magnitudes: [-1, -2] }));
    expect(buffer.frame).toEqual(frame);
    expect(buffer.spectrum?.sequence).toBe(4);
    expect(buffer.version).toBe(2);
    expect(isReactive(buffer) || isProxy(buffer) || isProxy(buffer.frame)).toBe(false);
    // Nothing of the monitor frame leaked into the stores.
    expect(JSON.stringify(useEngineStore().$state)).not.toContain("sequence");

    const sub = session.monitor.subscribe({ rateHz: 60, streams: { levels: true, spectrum: true } });
    ws.reply(lastId(ws, "set_monitoring"), { type: "ack" });
    await sub;
    expect(ws.envelopes.at(-1)?.payload).toEqual({ type: "set_monitoring", rate_hz: 60, streams: { levels: true, spectrum: true } });

    ws.drop();
    expect(buffer.frame).toBeNull(); // no stale meters while offline
    expect(buffer.version).toBe(3);
    clock.advance(500);
    const ws2 = FakeWebSocket.last;
    ws2.accept();
    await flush();
    expect(ws2.envelopes.map((e) => e.payload.type)).toEqual(["set_monitoring"]);
  });

  it("sends the union of what the page's parts want, and only when it changes", async () => {
    const ws = start();
    const types = () => ws.envelopes.filter((e) => e.payload.type === "set_monitoring").map((e) => e.payload);
    session.monitor.want("now-playing", { rateHz: 4, streams: { metrics: true } });
    session.monitor.want("monitor-page", { rateHz: 30, streams: { levels: true, metrics: true } });
    session.monitor.want("monitor-page", { rateHz: 30, streams: { levels: true, metrics: true } });
    session.monitor.release("monitor-page");
    await flush();
    expect(types()).toEqual([
      { type: "set_monitoring", rate_hz: 4, streams: { levels: false, loudness: false, spectrum: false, pitch: false, metrics: true } },
      { type: "set_monitoring", rate_hz: 30, streams: { levels: true, loudness: false, spectrum: false, pitch: false, metrics: true } },
      { type: "set_monitoring", rate_hz: 4, streams: { levels: false, loudness: false, spectrum: false, pitch: false, metrics: true } },
    ]);
  });
});
