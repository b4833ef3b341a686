// The connection as the UI shows it: status, reconnect attempts, the last error (a
// refused command, a message from the server that failed validation, a pushed error).

import { defineStore } from "pinia";
import { ref } from "vue";
import {
  RequestError,
  type ConnectionStatus,
  type ProtocolClient,
  type ProtocolIssue,
  type StatusInfo,
} from "../protocol/client";
import type { ErrorMessage, Welcome } from "../protocol/types";

export interface ConnectionError {
  /** An ErrorCode from the server, a LocalErrorCode, or an IssueKind. */
  code: string;
  message: string;
  /** Where, relative to the envelope (`payload.db`), when known. */
  path: string | null;
  /** The command that failed, when it was one. */
  command: string | null;
  /** When it was recorded, ms since the epoch. */
  at: number;
}

export interface ServerInfo {
  serverVersion: string;
  protocolVersion: number;
  clientId: number;
  maxMessageBytes: number;
}

export const useConnectionStore = defineStore("connection", () => {
  const status = ref<ConnectionStatus>("offline");
  /** Failed connection attempts since the last successful handshake. */
  const reconnectAttempts = ref(0);
  /** Delay before the next attempt, ms, while one is planned. */
  const retryInMs = ref<number | null>(null);
  const lastError = ref<ConnectionError | null>(null);
  /** Errors recorded since the page loaded. */
  const errorCount = ref(0);
  const server = ref<ServerInfo | null>(null);

  function setStatus(info: StatusInfo): void {
    status.value = info.status;
    reconnectAttempts.value = info.failures;
    retryInMs.value = info.retryInMs;
  }

  function setWelcome(w: Welcome): void {
    server.value = {
      serverVersion: w.server_version,
      protocolVersion: w.protocol_version,
      clientId: w.client_id,
      maxMessageBytes: w.max_message_bytes,
    };
  }

  function record(e: Omit<ConnectionError, "at">): void {
    lastError.value = { ...e, at: Date.now() };
    errorCount.value++;
  }

  /** Records a failed request (RequestError) or anything thrown. */
  function reportError(e: unknown): void {
    if (e instanceof RequestError) {
      record({ code: e.code, message: e.message, path: e.context?.path ?? null, command: e.command });
    } else {
      record({ code: "internal", message: e instanceof Error ? e.message : String(e), path: null, command: null });
    }
  }

  /** Records a message the client dropped as invalid. */
  function reportIssue(issue: ProtocolIssue): void {
    record({ code: issue.kind, message: issue.message, path: issue.issues?.[0]?.path ?? null, command: null });
  }

  /** Records an `error` the server pushed (message_id 0: buffer_overflow, too_many_clients). */
  function reportPushedError(msg: ErrorMessage): void {
    record({ code: msg.code, message: msg.message, path: msg.context?.path ?? null, command: null });
  }

  function clearError(): void {
    lastError.value = null;
  }

  /** Follows a client's status, handshake, dropped messages and pushed errors. */
  function attach(client: ProtocolClient): () => void {
    setStatus(client.statusInfo);
    const offs = [
      client.onStatus(setStatus),
      client.onIssue(reportIssue),
      client.on("welcome", setWelcome),
      client.on("error", reportPushedError),
    ];
    return () => offs.forEach((off) => off());
  }

  return {
    status,
    reconnectAttempts,
    retryInMs,
    lastError,
    errorCount,
    server,
    setStatus,
    reportError,
    reportIssue,
    reportPushedError,
    clearError,
    attach,
  };
});
