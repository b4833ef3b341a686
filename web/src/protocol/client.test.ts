import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engineState, FakeClock, FakeWebSocket, flush, WELCOME } from "../test/fakes";
import {
  ProtocolClient,
  RequestError,
  wsUrlFromLocation,
  type ProtocolClientOptions,
  type ProtocolIssue,
  type StatusInfo,
} from "./client";
import { encodeSpectrum, type SpectrumFrame } from "./spectrum";

let clock: FakeClock;
let client: ProtocolClient;
let issues: ProtocolIssue[];

function makeClient(options: Partial<ProtocolClientOptions> = {}): ProtocolClient {
  client = new ProtocolClient({ url: "ws://vortex.test/ws", WebSocket: FakeWebSocket, clock, hello: false, ...options });
  client.onIssue((i) => issues.push(i));
  return client;
}

/** A client whose socket is open (and welcomed). */
function connected(options: Partial<ProtocolClientOptions> = {}): FakeWebSocket {
  makeClient(options).connect();
  const ws = FakeWebSocket.last;
  ws.accept();
  ws.push(WELCOME);
  return ws;
}

async function rejection(p: Promise<unknown>): Promise<RequestError> {
  const e = await p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(RequestError);
  return e as RequestError;
}

beforeEach(() => {
  FakeWebSocket.reset();
  clock = new FakeClock();
  issues = [];
});
afterEach(() => client?.close());

describe("requests and replies", () => {
  it("numbers requests from 1 and resolves each by the reply with its message_id", async () => {
    const ws = connected();
    const a = client.request({ type: "set_volume", db: -6 });
    const b = client.request({ type: "get_state" });
    const c = client.request({ type: "ping" });
    expect(ws.envelopes.map((e) => [e.message_id, e.payload.type])).toEqual([
      [1, "set_volume"],
      [2, "get_state"],
      [3, "ping"],
    ]);
    expect(ws.envelopes[0]).toEqual({ message_id: 1, timestamp: clock.time, payload: { type: "set_volume", db: -6 } });
    // Out of order, with a push in between: each goes to its own request.
    ws.reply(3, { type: "pong" });
    ws.push({ type: "state_changed", state: engineState({ version: 2 }), cause: 7 });
    ws.reply(1, { type: "ack" });
    ws.reply(2, { type: "snapshot", state: engineState({ version: 2 }) });
    expect(await c).toEqual({ type: "pong" });
    expect(await a).toEqual({ type: "ack" });
    expect((await b).state.version).toBe(2);
    expect(issues).toEqual([]);
  });

  it("rejects on an error reply, with the server's code and context", async () => {
    const ws = connected();
    const p = client.request({ type: "set_filter_parameter", filter: "bass", parameter: "gain", value: 40 });
    ws.reply(1, { type: "error", code: "invalid_parameter", message: "gain must be within -24..=24", context: { path: "payload.value", limit: "-24..=24" } });
    const e = await rejection(p);
    expect(e).toMatchObject({ code: "invalid_parameter", command: "set_filter_parameter", messageId: 1 });
    expect(e.context?.path).toBe("payload.value");
  });

  it("rejects a reply of the wrong type", async () => {
    const ws = connected();
    const p = client.request({ type: "get_state" });
    ws.reply(1, { type: "ack" });
    expect((await rejection(p)).code).toBe("invalid_reply");
  });

  it("times out, and reports a reply that comes too late", async () => {
    const ws = connected({ requestTimeoutMs: 5000 });
    const p = client.request({ type: "ping" });
    clock.advance(4999);
    await flush();
    clock.advance(1);
    const e = await rejection(p);
    expect(e.code).toBe("timeout");
    ws.reply(1, { type: "pong" });
    expect(issues.map((i) => i.kind)).toEqual(["unexpected_reply"]);
  });

  it("does not send a command that fails the client schema", async () => {
    const ws = connected();
    const e = await rejection(client.request({ type: "set_volume", db: 3 }));
    expect(e.code).toBe("invalid_request");
    expect(e.issues?.[0]?.path).toBe("payload.db");
    expect(ws.sent).toEqual([]);
  });

  it("does not send a command larger than the server's max_message_bytes", async () => {
    const ws = connected();
    ws.push({ ...WELCOME, max_message_bytes: 100 });
    const e = await rejection(client.request({ type: "playlist_add", paths: ["x".repeat(200)] }));
    expect(e.code).toBe("message_too_large");
    expect(ws.sent).toEqual([]);
  });

  it("rejects at once when not connected, and rejects waiting requests on disconnect", async () => {
    makeClient();
    expect((await rejection(client.request({ type: "ping" }))).code).toBe("disconnected");
    client.connect();
    expect((await rejection(client.request({ type: "ping" }))).code).toBe("disconnected"); // still connecting
    const ws = FakeWebSocket.last;
    ws.accept();
    const p = client.request({ type: "ping" });
    ws.drop();
    expect((await rejection(p)).code).toBe("disconnected");
  });

  it("sends hello with the protocol version first when asked to", async () => {
    makeClient({ hello: "test-client" }).connect();
    const ws = FakeWebSocket.last;
    ws.accept();
    expect(ws.envelopes[0]).toMatchObject({ message_id: 1, payload: { type: "hello", protocol_version: 1, client: "test-client" } });
    ws.reply(1, { type: "error", code: "unsupported_version", message: "speaks 2" });
    await flush();
    expect(issues.map((i) => i.kind)).toEqual(["unsupported_version"]);
  });
});

describe("pushed messages", () => {
  it("go to the handlers of their type, and only pushed ones", () => {
    const ws = connected();
    const seen: string[] = [];
    const off = client.on("state_changed", (m, env) => seen.push(`state v${m.state.version} cause ${m.cause} id ${env.message_id}`));
    client.on("event", (m) => seen.push(`event ${m.event.kind}`));
    client.on("snapshot", () => seen.push("snapshot"));
    ws.push({ type: "state_changed", state: engineState({ version: 5 }), cause: null });
    ws.push({ type: "event", event: { kind: "pipeline_changed" } });
    void client.request({ type: "get_state" });
    ws.reply(1, { type: "snapshot", state: engineState() }); // a reply, not a push
    off();
    ws.push({ type: "state_changed", state: engineState({ version: 6 }) });
    expect(seen).toEqual(["state v5 cause null id 0", "event pipeline_changed"]);
  });

  it("passes spectrum frames on, and reports bad ones", () => {
    const ws = connected();
    const frames: SpectrumFrame[] = [];
    client.onSpectrum((f) => frames.push(f));
    ws.receiveBinary(encodeSpectrum({ channels: 1, bins: 2, sampleRate: 48000, fftSize: 4, sequence: 3, magnitudes: [-10, -20] }));
    ws.receiveBinary(new ArrayBuffer(8));
    expect(frames.map((f) => [f.sequence, Array.from(f.magnitudes)])).toEqual([[3, [-10, -20]]]);
    expect(issues.map((i) => i.kind)).toEqual(["invalid_spectrum"]);
  });
});

describe("invalid messages from the server", () => {
  it("are dropped whole and reported", () => {
    const ws = connected();
    const states: unknown[] = [];
    client.on("state_changed", (m) => states.push(m));
    ws.push({ type: "state_changed", state: engineState({ version: 2, volume_db: "loud" as unknown as number }) });
    ws.push({ type: "dance" });
    ws.receive("{not json");
    expect(states).toEqual([]);
    expect(issues.map((i) => i.kind)).toEqual(["invalid_message", "invalid_message", "invalid_json"]);
    expect(issues[0]!.issues?.[0]?.path).toBe("payload.state.volume_db");
    expect(issues[0]!.message).toContain('"state_changed"');
  });

  it("end the request they answer at once", async () => {
    const ws = connected();
    const p = client.request({ type: "get_state" });
    ws.reply(1, { type: "snapshot", state: { ...engineState(), transport: "flying" } });
    const e = await rejection(p);
    expect(e.code).toBe("invalid_reply");
    expect(e.issues?.[0]?.path).toBe("payload.state.transport");
  });
});

describe("reconnecting", () => {
  it("backs off 0.5, 1, 2, 4, 8, 10, 10 s and starts again after a successful handshake", () => {
    makeClient();
    const statuses: StatusInfo[] = [];
    client.onStatus((s) => statuses.push(s));
    client.connect();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      FakeWebSocket.last.drop();
      expect(client.status).toBe("offline");
      const wait = client.statusInfo.retryInMs!;
      waits.push(wait);
      const sockets = FakeWebSocket.instances.length;
      clock.advance(wait - 1);
      expect(FakeWebSocket.instances.length).toBe(sockets); // not a moment early
      clock.advance(1);
      expect(FakeWebSocket.instances.length).toBe(sockets + 1);
      expect(client.status).toBe("connecting");
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
    expect(client.statusInfo.failures).toBe(7);

    // Open but no welcome (say, refused with too_many_clients): not yet a success.
    FakeWebSocket.last.accept();
    expect(client.status).toBe("open");
    FakeWebSocket.last.drop();
    expect(client.statusInfo.retryInMs).toBe(10000);
    clock.advance(10000);

    FakeWebSocket.last.accept();
    FakeWebSocket.last.push(WELCOME);
    expect(client.statusInfo).toEqual({ status: "open", failures: 0, retryInMs: null });
    FakeWebSocket.last.drop();
    expect(client.statusInfo).toEqual({ status: "offline", failures: 1, retryInMs: 500 });
    expect(statuses.map((s) => s.status)).toContain("connecting");
  });

  it("stops for good on close()", () => {
    makeClient().connect();
    FakeWebSocket.last.drop();
    client.close();
    clock.advance(60_000);
    expect(FakeWebSocket.instances.length).toBe(1);
    expect(client.statusInfo).toMatchObject({ status: "offline", retryInMs: null });
  });

  it("ignores a stale socket's events", () => {
    const ws = connected();
    ws.drop();
    clock.advance(500);
    const seen: unknown[] = [];
    client.on("snapshot", (m) => seen.push(m));
    ws.push({ type: "snapshot", state: engineState() }); // the old socket, detached
    expect(seen).toEqual([]);
  });
});

describe("wsUrlFromLocation", () => {
  it("uses the page's host and carries the token over", () => {
    expect(wsUrlFromLocation({ protocol: "http:", host: "pi:8717", search: "" })).toBe("ws://pi:8717/ws");
    expect(wsUrlFromLocation({ protocol: "https:", host: "h", search: "?x=1&token=a%2Bb%2F%3D" })).toBe("wss://h/ws?token=a%2Bb%2F%3D");
  });
});
