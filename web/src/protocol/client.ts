// The one WebSocket to `vortex serve`. Commands are numbered from 1 and answered by the
// reply with the same message_id; what the server pushes (message_id 0) goes to `on`
// handlers; binary frames are spectra. Every incoming message is checked against the
// schema first: one that fails is reported (onIssue) and dropped whole, never half-used.
// The socket reconnects on its own, 0.5 s doubling to 10 s, reset by a successful
// handshake (the server's `welcome`).

import { decodeSpectrum, type SpectrumFrame } from "./spectrum";
import {
  MAX_MESSAGE_ID,
  PROTOCOL_VERSION,
  REPLY_TYPE,
  type ClientMessage,
  type ClientMessageType,
  type ErrorCode,
  type ErrorContext,
  type ReplyTo,
  type ServerEnvelope,
  type ServerMessage,
  type ServerMessageOf,
  type ServerMessageType,
  type Welcome,
} from "./types";
import { formatIssues, validateClient, validateServer, type ValidationIssue } from "./validate";

export type ConnectionStatus = "connecting" | "open" | "offline";

export interface StatusInfo {
  status: ConnectionStatus;
  /** Connection attempts that failed since the last successful handshake. */
  failures: number;
  /** While offline and a retry is planned: its delay, ms; else null. */
  retryInMs: number | null;
}

/** The part of the browser's WebSocket the client uses (a fake can stand in for tests). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

const WS_OPEN = 1;

export interface Clock {
  /** Milliseconds since the Unix epoch (envelope timestamps). */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Failures found here rather than by the server. */
export type LocalErrorCode = "timeout" | "disconnected" | "invalid_request" | "invalid_reply";

/** Why a request failed: the server's `error` reply, or a local reason. */
export class RequestError extends Error {
  override readonly name = "RequestError";
  constructor(
    readonly code: ErrorCode | LocalErrorCode,
    message: string,
    readonly command: ClientMessageType,
    readonly messageId: number,
    readonly context?: ErrorContext,
    readonly issues?: ValidationIssue[],
  ) {
    super(message);
  }
}

export type IssueKind =
  | "invalid_json"
  | "invalid_message"
  | "invalid_spectrum"
  | "unexpected_reply"
  | "unsupported_version"
  | "handshake_failed";

/** Something wrong with what the server sent; the message was dropped. */
export interface ProtocolIssue {
  kind: IssueKind;
  message: string;
  issues?: ValidationIssue[];
}

export interface ProtocolClientOptions {
  /** `ws://host:port/ws?token=...`; see wsUrlFromLocation. */
  url: string;
  WebSocket?: WebSocketConstructor;
  clock?: Clock;
  /** How long a request waits for its reply, ms (default 10 000). */
  requestTimeoutMs?: number;
  /** First reconnect delay, ms (default 500); doubles after each failure. */
  initialBackoffMs?: number;
  /** Longest reconnect delay, ms (default 10 000). */
  maxBackoffMs?: number;
  /** Name sent in `hello` on each connect; false sends no `hello` (default "vortex-web"). */
  hello?: string | false;
}

type AnyHandler = (msg: ServerMessage, env: ServerEnvelope) => void;

interface Pending {
  command: ClientMessageType;
  resolve: (msg: ServerMessage) => void;
  reject: (err: RequestError) => void;
  timer: unknown;
}

/** The page's WebSocket URL: same host, `/ws`, carrying `?token=` over from the page URL. */
export function wsUrlFromLocation(loc: Pick<Location, "protocol" | "host" | "search">): string {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  const token = new URLSearchParams(loc.search).get("token");
  return `${scheme}//${loc.host}/ws` + (token ? `?token=${encodeURIComponent(token)}` : "");
}

export class ProtocolClient {
  private readonly url: string;
  private readonly Ws: WebSocketConstructor;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly helloName: string | false;

  private ws: WebSocketLike | null = null;
  private running = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private backoffMs: number;
  private failures = 0;
  private retryTimer: unknown = null;
  private info: StatusInfo = { status: "offline", failures: 0, retryInMs: null };
  private welcomeMsg: Welcome | null = null;

  private readonly handlers = new Map<ServerMessageType, Set<AnyHandler>>();
  private readonly spectrumHandlers = new Set<(frame: SpectrumFrame) => void>();
  private readonly issueHandlers = new Set<(issue: ProtocolIssue) => void>();
  private readonly statusHandlers = new Set<(info: StatusInfo) => void>();

  constructor(options: ProtocolClientOptions) {
    this.url = options.url;
    this.Ws = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.helloName = options.hello ?? "vortex-web";
    this.backoffMs = this.initialBackoffMs;
  }

  get status(): ConnectionStatus {
    return this.info.status;
  }

  get statusInfo(): StatusInfo {
    return this.info;
  }

  /** The server's latest `welcome` on this connection; null before it arrives. */
  get welcome(): Welcome | null {
    return this.welcomeMsg;
  }

  /** Starts connecting (and reconnecting) until close(). */
  connect(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  /** Closes the socket for good: no reconnect; waiting requests fail with `disconnected`. */
  close(): void {
    this.running = false;
    if (this.retryTimer !== null) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ws = this.ws;
    this.ws = null;
    this.detach(ws);
    ws?.close(1000, "client closed");
    this.failAll("connection closed");
    this.welcomeMsg = null;
    this.setStatus({ status: "offline", failures: this.failures, retryInMs: null });
  }

  /**
   * Sends a command; resolves with its reply. Rejects with a RequestError on an `error`
   * reply, a reply of the wrong type, a timeout, a closed connection, or a command that
   * fails the client schema (which is then not sent).
   */
  request<C extends ClientMessage>(payload: C, options?: { timeoutMs?: number }): Promise<ReplyTo<C>> {
    const command = payload.type;
    const ws = this.ws;
    if (!ws || ws.readyState !== WS_OPEN || this.info.status !== "open") {
      return Promise.reject(new RequestError("disconnected", "not connected: command not sent", command, 0));
    }
    const id = this.nextId;
    this.nextId = id >= MAX_MESSAGE_ID ? 1 : id + 1;
    const envelope = { message_id: id, timestamp: this.clock.now(), payload };
    const checked = validateClient(envelope);
    if (!checked.ok) {
      const text = `invalid ${command}: ${formatIssues(checked.errors)}`;
      return Promise.reject(new RequestError("invalid_request", text, command, id, undefined, checked.errors));
    }
    const text = JSON.stringify(envelope);
    const limit = this.welcomeMsg?.max_message_bytes;
    if (limit !== undefined && new TextEncoder().encode(text).byteLength > limit) {
      const msg = `${command} is larger than the server's ${limit} bytes: not sent`;
      return Promise.reject(new RequestError("message_too_large", msg, command, id));
    }
    return new Promise<ReplyTo<C>>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError("timeout", `no reply to ${command} (#${id})`, command, id));
      }, options?.timeoutMs ?? this.timeoutMs);
      this.pending.set(id, { command, resolve: resolve as (m: ServerMessage) => void, reject, timer });
      try {
        ws.send(text);
      } catch (e) {
        this.settle(id)?.reject(new RequestError("disconnected", `send failed: ${String(e)}`, command, id));
      }
    });
  }

  /** Calls `handler` for each valid message of this type the server pushes (message_id 0). */
  on<T extends ServerMessageType>(
    type: T,
    handler: (msg: ServerMessageOf<T>, env: ServerEnvelope) => void,
  ): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    const h = handler as AnyHandler;
    set.add(h);
    return () => void set.delete(h);
  }

  /** Calls `handler` for each valid binary spectrum frame. */
  onSpectrum(handler: (frame: SpectrumFrame) => void): () => void {
    this.spectrumHandlers.add(handler);
    return () => void this.spectrumHandlers.delete(handler);
  }

  /** Calls `handler` for each message that was dropped as invalid. */
  onIssue(handler: (issue: ProtocolIssue) => void): () => void {
    this.issueHandlers.add(handler);
    return () => void this.issueHandlers.delete(handler);
  }

  /** Calls `handler` on each status change (not at once: read statusInfo for the current one). */
  onStatus(handler: (info: StatusInfo) => void): () => void {
    this.statusHandlers.add(handler);
    return () => void this.statusHandlers.delete(handler);
  }

  // ---------- connection ----------

  private open(): void {
    this.retryTimer = null;
    if (!this.running) return;
    this.setStatus({ status: "connecting", failures: this.failures, retryInMs: null });
    let ws: WebSocketLike;
    try {
      ws = new this.Ws(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.binaryType = "arraybuffer";
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.setStatus({ status: "open", failures: this.failures, retryInMs: null });
      if (this.helloName !== false) this.sendHello(this.helloName);
    };
    ws.onmessage = (ev) => {
      if (this.ws === ws) this.receive(ev.data);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.detach(ws);
      this.welcomeMsg = null;
      this.failAll("connection lost");
      this.scheduleReconnect();
    };
    ws.onerror = () => {
      // A close event follows; reconnecting starts there.
    };
  }

  private detach(ws: WebSocketLike | null): void {
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
  }

  private scheduleReconnect(): void {
    if (!this.running) {
      this.setStatus({ status: "offline", failures: this.failures, retryInMs: null });
      return;
    }
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    this.failures += 1;
    this.retryTimer = this.clock.setTimeout(() => this.open(), delay);
    this.setStatus({ status: "offline", failures: this.failures, retryInMs: delay });
  }

  private sendHello(name: string): void {
    this.request({ type: "hello", protocol_version: PROTOCOL_VERSION, client: name }).catch((e: unknown) => {
      if (e instanceof RequestError && e.code === "disconnected") return;
      const message = `hello failed: ${e instanceof Error ? e.message : String(e)}`;
      const versionRefused = e instanceof RequestError && e.code === "unsupported_version";
      this.report({ kind: versionRefused ? "unsupported_version" : "handshake_failed", message });
    });
  }

  private onWelcome(w: Welcome): void {
    this.welcomeMsg = w;
    // The handshake worked: the next failure starts again from the shortest delay.
    this.backoffMs = this.initialBackoffMs;
    if (this.failures !== 0) {
      this.failures = 0;
      this.setStatus({ ...this.info, failures: 0 });
    }
    if (w.protocol_version !== PROTOCOL_VERSION) {
      this.report({
        kind: "unsupported_version",
        message: `server speaks protocol ${w.protocol_version}, this page ${PROTOCOL_VERSION}`,
      });
    }
  }

  private setStatus(info: StatusInfo): void {
    const old = this.info;
    if (old.status === info.status && old.failures === info.failures && old.retryInMs === info.retryInMs) return;
    this.info = info;
    for (const h of [...this.statusHandlers]) h(info);
  }

  // ---------- incoming ----------

  private receive(data: unknown): void {
    if (typeof data === "string") {
      this.receiveText(data);
    } else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      const decoded = decodeSpectrum(data);
      if (!decoded.ok) {
        this.report({ kind: "invalid_spectrum", message: decoded.error.message });
        return;
      }
      for (const h of [...this.spectrumHandlers]) h(decoded.frame);
    } else {
      this.report({ kind: "invalid_spectrum", message: "binary frame of an unexpected kind (not an ArrayBuffer)" });
    }
  }

  private receiveText(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.report({ kind: "invalid_json", message: `not JSON: ${text.slice(0, 80)}` });
      return;
    }
    const checked = validateServer(raw);
    if (!checked.ok) {
      const rawId = (raw as { message_id?: unknown } | null)?.message_id;
      const type = (raw as { payload?: { type?: unknown } } | null)?.payload?.type;
      const what = typeof type === "string" ? `"${type}" message` : "message";
      const message = `invalid ${what} from the server: ${formatIssues(checked.errors)}`;
      this.report({ kind: "invalid_message", message, issues: checked.errors });
      // A broken reply still ends its request, at once rather than by timeout.
      if (typeof rawId === "number" && rawId > 0) {
        const p = this.settle(rawId);
        p?.reject(new RequestError("invalid_reply", message, p.command, rawId, undefined, checked.errors));
      }
      return;
    }
    const env = checked.value;
    const msg = env.payload;
    if (msg.type === "welcome") this.onWelcome(msg);
    if (env.message_id === 0) {
      const set = this.handlers.get(msg.type);
      if (set) for (const h of [...set]) h(msg, env);
      return;
    }
    const p = this.settle(env.message_id);
    if (!p) {
      this.report({ kind: "unexpected_reply", message: `reply #${env.message_id} (${msg.type}) to no waiting request` });
      return;
    }
    if (msg.type === "error") {
      p.reject(new RequestError(msg.code, msg.message, p.command, env.message_id, msg.context));
    } else if (msg.type !== REPLY_TYPE[p.command]) {
      const text = `${p.command} answered with ${msg.type}, expected ${REPLY_TYPE[p.command]}`;
      p.reject(new RequestError("invalid_reply", text, p.command, env.message_id));
    } else {
      p.resolve(msg);
    }
  }

  /** Removes a waiting request (and its timer) and returns it. */
  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    this.pending.delete(id);
    this.clock.clearTimeout(p.timer);
    return p;
  }

  private failAll(reason: string): void {
    for (const id of [...this.pending.keys()]) {
      const p = this.settle(id)!;
      p.reject(new RequestError("disconnected", `${reason} before the reply to ${p.command}`, p.command, id));
    }
  }

  private report(issue: ProtocolIssue): void {
    if (this.issueHandlers.size === 0) console.warn(`[vortex] ${issue.message}`);
    for (const h of [...this.issueHandlers]) h(issue);
  }
}
