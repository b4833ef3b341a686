import { describe, expect, it } from "vitest";
import clientSchema from "@protocol/client.schema.json";
import readme from "@protocol/README.md?raw";
import serverSchema from "@protocol/server.schema.json";
import { engineState } from "../test/fakes";
import { ENGINE_EVENT_KINDS, ERROR_CODES, REPLY_TYPE, SERVER_MESSAGE_TYPES } from "./types";
import { validateClient, validateServer } from "./validate";

const env = (payload: unknown, message_id = 0) => ({ message_id, timestamp: 1795311653571.14, payload });

/** The `const` tags of a schema's tagged union. */
function tags(schema: unknown, def: string, tag: string): string[] {
  const d = (schema as { $defs: Record<string, { oneOf: { properties?: Record<string, { const?: string }>; const?: string }[] }> })
    .$defs[def]!;
  return d.oneOf.map((b) => (tag ? b.properties![tag]!.const! : b.const!)).sort();
}

describe("the hand-written types follow the schemas", () => {
  it("has every client command, and only those", () => {
    expect(Object.keys(REPLY_TYPE).sort()).toEqual(tags(clientSchema, "ClientMessage", "type"));
  });
  it("has every server message type, event kind and error code, and only those", () => {
    expect(Object.keys(SERVER_MESSAGE_TYPES).sort()).toEqual(tags(serverSchema, "ServerMessage", "type"));
    expect(Object.keys(ENGINE_EVENT_KINDS).sort()).toEqual(tags(serverSchema, "EngineEvent", "kind"));
    expect(Object.keys(ERROR_CODES).sort()).toEqual(tags(serverSchema, "ErrorCode", ""));
  });
});

describe("validateServer", () => {
  it("accepts a snapshot", () => {
    const msg = env({ type: "snapshot", state: engineState() });
    const r = validateServer(msg);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toBe(msg);
  });

  it("agrees with the example session in the protocol docs", () => {
    const lines = readme.split("\n").filter((l) => l.startsWith("< {") || l.startsWith("> {"));
    const parsed = lines.flatMap((line) => {
      try {
        return [{ line, fromServer: line.startsWith("<"), msg: JSON.parse(line.slice(2)) }];
      } catch {
        return []; // a state cut short with "..."
      }
    });
    // A command the server refused with an error must fail the client schema too
    // (the docs show `set_volume` with db 3); every other message must pass.
    const refused = new Set(parsed.filter((p) => p.fromServer && p.msg.payload.type === "error").map((p) => p.msg.message_id));
    for (const { line, fromServer, msg } of parsed) {
      const r = fromServer ? validateServer(msg) : validateClient(msg);
      expect(r.ok, line).toBe(fromServer || !refused.has(msg.message_id));
    }
    expect(parsed.length).toBeGreaterThanOrEqual(10);
    expect(refused.size).toBe(1);
  });

  it("accepts a full monitor frame and one with streams left out or null", () => {
    const full = {
      type: "monitor",
      sequence: 201,
      time_s: 3.328,
      sample_rate: 48000,
      levels: [
        { rms_db: -21.12, peak_db: -18.11, true_peak_db: -18.1, peak_hold_db: -11.81, clips: 0, class: "normal" },
      ],
      loudness: { momentary_lufs: -18.16, short_term_lufs: -13.44, integrated_lufs: -13.21, range_lu: 0.36 },
      pitch: { f0_hz: 999.997, confidence: 0.999999, voiced: true, note: "B5", midi: 83, cents: 21.3 },
      metrics: {
        load: 0.011, load_max: 0.02, underruns: 0, xruns: 0, buffer_fill: 0.5, latency_ms: 10.7, callbacks: 900, position_s: 3.3,
      },
    };
    expect(validateServer(env(full)).ok).toBe(true);
    expect(validateServer(env({ type: "monitor", sequence: 1, time_s: 0, sample_rate: 48000, levels: null })).ok).toBe(true);
    expect(validateServer(env({ ...full, pitch: { f0_hz: 0, confidence: 0.1, voiced: false, note: null, midi: null, cents: null } })).ok).toBe(true);
  });

  it("rejects a state with a wrong type, and says where", () => {
    const r = validateServer(env({ type: "snapshot", state: engineState({ volume_db: "loud" as unknown as number }) }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toEqual({ path: "payload.state.volume_db", message: "must be number" });
  });

  it("rejects an unknown message type", () => {
    const r = validateServer(env({ type: "teleport", to: "mars" }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toEqual({ path: "payload.type", message: 'unknown type "teleport"' });
  });

  it("rejects a missing field", () => {
    const state: Partial<ReturnType<typeof engineState>> = engineState();
    delete state.version;
    const r = validateServer(env({ type: "state_changed", state, cause: 1 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toEqual({ path: "payload.state.version", message: "is required" });
    const noEnvelopeId = { timestamp: 1, payload: { type: "ack" } };
    expect(validateServer(noEnvelopeId)).toMatchObject({ ok: false, errors: [{ path: "message_id" }] });
  });

  it("rejects unknown fields, out-of-range values and non-finite numbers", () => {
    expect(validateServer(env({ type: "ack", extra: 1 }))).toMatchObject({
      ok: false,
      errors: [{ path: "payload.extra", message: "is not a known field" }],
    });
    expect(validateServer(env({ type: "snapshot", state: engineState({ volume_db: 6 }) })).ok).toBe(false);
    expect(validateServer(env({ type: "snapshot", state: engineState({ version: 1.5 }) })).ok).toBe(false);
    expect(validateServer({ ...env({ type: "ack" }), message_id: 2 ** 53 })).toMatchObject({ ok: false });
    expect(validateServer({ ...env({ type: "ack" }), message_id: -1 })).toMatchObject({ ok: false });
    // JSON.parse turns 1e999 into Infinity, which JSON cannot mean: refused.
    expect(validateServer(JSON.parse('{"message_id":0,"timestamp":1e999,"payload":{"type":"ack"}}')).ok).toBe(false);
    // schemars' number formats are checked: f32 range, u32 range.
    const level = { rms_db: -1, peak_db: 1e39, true_peak_db: -1, peak_hold_db: -1, clips: 0, class: "loud" };
    const monitor = { type: "monitor", sequence: 1, time_s: 0, sample_rate: 48000, levels: [level] };
    expect(validateServer(env(monitor))).toMatchObject({ ok: false, errors: [{ path: "payload.levels[0].peak_db" }] });
    const bigChannels = engineState();
    const badOutput = { ...bigChannels, output: { ...bigChannels.output, channels: 2 ** 32 } };
    expect(validateServer(env({ type: "snapshot", state: badOutput })).ok).toBe(false);
  });

  it("checks events by kind", () => {
    expect(validateServer(env({ type: "event", event: { kind: "track_changed", item: 3, path: "a.flac" } })).ok).toBe(true);
    expect(validateServer(env({ type: "event", event: { kind: "end_of_stream" } })).ok).toBe(true);
    expect(validateServer(env({ type: "event", event: { kind: "track_changed", item: 3 } }))).toMatchObject({
      ok: false,
      errors: [{ path: "payload.event.path" }],
    });
    expect(validateServer(env({ type: "event", event: { kind: "supernova" } }))).toMatchObject({
      ok: false,
      errors: [{ path: "payload.event.kind" }],
    });
  });

  it("checks error replies", () => {
    const error = { type: "error", code: "invalid_parameter", message: "m", context: { path: "payload.db", value: "3", limit: "-150..=0" } };
    expect(validateServer(env(error, 4)).ok).toBe(true);
    expect(validateServer(env({ ...error, code: "oops" }, 4)).ok).toBe(false);
  });

  it("rejects what is not an object", () => {
    for (const v of [null, 42, "ack", [], undefined]) expect(validateServer(v).ok).toBe(false);
  });
});

describe("validateClient", () => {
  it("accepts commands and rejects bad ones", () => {
    expect(validateClient(env({ type: "set_volume", db: -6 }, 2)).ok).toBe(true);
    expect(validateClient(env({ type: "set_monitoring", rate_hz: 30, streams: { levels: true } }, 3)).ok).toBe(true);
    expect(validateClient(env({ type: "set_volume", db: 3 }, 2))).toMatchObject({
      ok: false,
      errors: [{ path: "payload.db", message: "must be <= 0" }],
    });
    expect(validateClient(env({ type: "set_volume", db: Number.NaN }, 2)).ok).toBe(false);
    expect(validateClient(env({ type: "set_filter_parameter", filter: "bass", parameter: "gain", value: null }, 2)).ok).toBe(false);
    expect(validateClient(env({ type: "set_filter_parameter", filter: "b a", parameter: "gain", value: 1 }, 2))).toMatchObject({
      ok: false,
      errors: [{ path: "payload.filter" }],
    });
    expect(validateClient(env({ type: "playlist_add", paths: [] }, 2)).ok).toBe(false);
    expect(validateClient(env({ type: "launch" }, 2))).toMatchObject({ ok: false, errors: [{ path: "payload.type" }] });
  });
});
