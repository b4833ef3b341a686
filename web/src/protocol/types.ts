// Wire types of the Vortex protocol, written by hand to match
// docs/protocol/{client,server}.schema.json (protocol version 1). The schemas are the
// authority: every incoming message is checked against them (validate.ts) before these
// types are trusted. Optional fields here are the ones the schemas do not require.

export const PROTOCOL_VERSION = 1;

/** Largest message id (2^53 - 1, a safe integer). */
export const MAX_MESSAGE_ID = Number.MAX_SAFE_INTEGER;

/** Levels below the floor and undefined loudness read this (JSON has no -inf). */
export const SILENCE_DB = -200;

/** One JSON text frame. `message_id` 0 marks a message the server pushed on its own. */
export interface Envelope<P> {
  message_id: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  payload: P;
}

// ---------- shared ----------

export type TransportState = "playing" | "paused" | "stopped";
export type RepeatMode = "off" | "one" | "all";
export type TransportAction = "play" | "pause" | "toggle" | "stop" | "next" | "previous";
/** A pipeline as JSON, shaped like a pipeline TOML file (`settings`, `filters`, `mixers`, `steps`). */
export type Pipeline = Record<string, unknown>;
/** A filter parameter value: a number (|v| <= 1e9), a bool or a string (<= 256 chars). */
export type FilterValue = number | boolean | string;

// ---------- client -> server ----------

export interface StreamSet {
  levels?: boolean;
  loudness?: boolean;
  spectrum?: boolean;
  pitch?: boolean;
  metrics?: boolean;
}

export type ClientMessage =
  | { type: "hello"; protocol_version: number; client?: string | null }
  | { type: "get_state" }
  | { type: "transport"; action: TransportAction }
  | { type: "seek"; position_s: number }
  | { type: "goto"; item: number }
  | { type: "playlist_add"; paths: string[] }
  | { type: "playlist_remove"; item: number }
  | { type: "playlist_move"; item: number; to: number }
  | { type: "set_repeat"; mode: RepeatMode }
  | { type: "set_volume"; db: number }
  | { type: "set_mute"; muted: boolean }
  | { type: "set_filter_parameter"; filter: string; parameter: string; value: FilterValue }
  | { type: "set_pipeline"; pipeline: Pipeline }
  | { type: "validate_pipeline"; pipeline: Pipeline }
  | { type: "set_monitoring"; rate_hz: number; streams: StreamSet }
  | { type: "reset_meters" }
  | { type: "ping" };

export type ClientMessageType = ClientMessage["type"];
export type ClientEnvelope = Envelope<ClientMessage>;

// ---------- server -> client ----------

export interface PlaylistEntry {
  item: number;
  path: string;
  title: string;
}

export interface OutputInfo {
  sink: string;
  driver: string;
  sample_rate: number;
  channels: number;
  block_frames: number;
  latency_ms: number;
}

/** The format of the file playing (the output may resample it). */
export interface TrackInfo {
  path: string;
  /** As the decoder names it: flac, mp3, aac, pcm_s24le, ... */
  codec: string;
  /** flac, wave, ogg, isomp4, ... */
  container: string;
  /** Hz. */
  sample_rate: number;
  channels: number;
  /** Null for lossy codecs. */
  bits_per_sample: number | null;
  /** Seconds; null when the file does not say. */
  duration_s: number | null;
}

export interface EngineState {
  transport: TransportState;
  position_s: number;
  /** Playlist item playing or paused; null (or absent) when none. */
  current_item?: number | null;
  playlist: PlaylistEntry[];
  repeat: RepeatMode;
  volume_db: number;
  muted: boolean;
  pipeline: Pipeline;
  output: OutputInfo;
  /** The playing item's format; null (or absent) for no item, a generator or a capture. */
  track?: TrackInfo | null;
  source: string;
  /** Counts up by one on every change. */
  version: number;
}

export type LevelClass = "silent" | "quiet" | "normal" | "loud" | "clipping";

export interface ChannelLevel {
  rms_db: number;
  peak_db: number;
  true_peak_db: number;
  peak_hold_db: number;
  clips: number;
  /** One of LevelClass; the schema says only "string", so expect others. */
  class: LevelClass | (string & {});
}

export interface Loudness {
  momentary_lufs: number;
  short_term_lufs: number;
  integrated_lufs: number;
  range_lu: number;
}

export interface Pitch {
  f0_hz: number;
  confidence: number;
  voiced: boolean;
  note?: string | null;
  midi?: number | null;
  cents?: number | null;
}

export interface EngineMetrics {
  load: number;
  load_max: number;
  underruns: number;
  xruns: number;
  buffer_fill: number;
  latency_ms: number;
  callbacks: number;
  position_s: number;
}

export interface MonitorFrame {
  type: "monitor";
  sequence: number;
  time_s: number;
  sample_rate: number;
  levels?: ChannelLevel[] | null;
  loudness?: Loudness | null;
  pitch?: Pitch | null;
  metrics?: EngineMetrics | null;
}

export type EngineEvent =
  | { kind: "track_changed"; item: number; path: string }
  | { kind: "file_skipped"; item: number; message: string }
  | { kind: "driver_fallback"; message: string }
  | { kind: "buffer_pool_exhausted"; frames: number }
  | { kind: "gpu_fallback"; node: string; message: string }
  | { kind: "end_of_stream" }
  | { kind: "pipeline_changed" }
  | { kind: "notice"; message: string };

/** Every error code (ErrorCode is derived from this list; the tests compare it with the schema). */
export const ERROR_CODES = {
  invalid_message: true,
  unknown_command: true,
  invalid_parameter: true,
  unknown_target: true,
  rate_limited: true,
  too_many_clients: true,
  unauthorized: true,
  message_too_large: true,
  unsupported_version: true,
  engine_error: true,
  buffer_overflow: true,
  path_not_allowed: true,
  not_found: true,
  internal: true,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorContext {
  path?: string | null;
  value?: string | null;
  limit?: string | null;
}

export interface FieldError {
  path: string;
  message: string;
}

export interface Welcome {
  type: "welcome";
  protocol_version: number;
  server_version: string;
  client_id: number;
  max_message_bytes: number;
  monitor_rate_hz: number;
}
export interface Snapshot {
  type: "snapshot";
  state: EngineState;
}
export interface StateChanged {
  type: "state_changed";
  state: EngineState;
  /** The client_id whose command caused the change; null (or absent) when the engine did. */
  cause?: number | null;
}
export interface Ack {
  type: "ack";
}
export interface Pong {
  type: "pong";
}
export interface ValidationResult {
  type: "validation_result";
  valid: boolean;
  errors: FieldError[];
}
export interface EventMessage {
  type: "event";
  event: EngineEvent;
}
export interface ErrorMessage {
  type: "error";
  code: ErrorCode;
  message: string;
  context?: ErrorContext;
}

export type ServerMessage =
  | Welcome
  | Snapshot
  | StateChanged
  | Ack
  | Pong
  | ValidationResult
  | MonitorFrame
  | EventMessage
  | ErrorMessage;

export type ServerMessageType = ServerMessage["type"];
export type EngineEventKind = EngineEvent["kind"];

/** Every server message type (checked against the schema in the tests). */
export const SERVER_MESSAGE_TYPES: { readonly [K in ServerMessageType]: true } = {
  welcome: true,
  snapshot: true,
  state_changed: true,
  ack: true,
  pong: true,
  validation_result: true,
  monitor: true,
  event: true,
  error: true,
};

/** Every engine event kind (checked against the schema in the tests). */
export const ENGINE_EVENT_KINDS: { readonly [K in EngineEventKind]: true } = {
  track_changed: true,
  file_skipped: true,
  driver_fallback: true,
  buffer_pool_exhausted: true,
  gpu_fallback: true,
  end_of_stream: true,
  pipeline_changed: true,
  notice: true,
};
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;
export type ServerEnvelope = Envelope<ServerMessage>;

/** The reply a successful command gets (a failure is an `error`). */
export type ReplyTo<C extends ClientMessage> = C extends { type: "hello" }
  ? Welcome
  : C extends { type: "get_state" }
    ? Snapshot
    : C extends { type: "ping" }
      ? Pong
      : C extends { type: "validate_pipeline" }
        ? ValidationResult
        : Ack;

/** The `type` of the successful reply to each command. */
export const REPLY_TYPE: { readonly [K in ClientMessageType]: ServerMessageType } = {
  hello: "welcome",
  get_state: "snapshot",
  transport: "ack",
  seek: "ack",
  goto: "ack",
  playlist_add: "ack",
  playlist_remove: "ack",
  playlist_move: "ack",
  set_repeat: "ack",
  set_volume: "ack",
  set_mute: "ack",
  set_filter_parameter: "ack",
  set_pipeline: "ack",
  validate_pipeline: "validation_result",
  set_monitoring: "ack",
  reset_meters: "ack",
  ping: "pong",
};
