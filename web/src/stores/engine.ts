// The engine's state as the server last sent it. Never optimistic: commands go to the
// server and the state changes only when `snapshot` or `state_changed` says so. A failed
// command is recorded in the connection store and its action resolves to null/false.

import { defineStore } from "pinia";
import { computed, ref, shallowRef } from "vue";
import { RequestError, type ProtocolClient } from "../protocol/client";
import type {
  ClientMessage,
  EngineState,
  FilterValue,
  Pipeline,
  ReplyTo,
  TransportAction,
  ValidationResult,
} from "../protocol/types";
import { useConnectionStore } from "./connection";

export const useEngineStore = defineStore("engine", () => {
  const connection = useConnectionStore();
  // Replaced whole on every update (shallow: a state is never edited in place).
  const state = shallowRef<Readonly<EngineState> | null>(null);
  /** `state_changed.cause` of the last change: the client_id behind it, or null. */
  const lastCause = ref<number | null>(null);
  let client: ProtocolClient | null = null;

  const transportState = computed(() => state.value?.transport ?? null);
  const source = computed(() => state.value?.source ?? null);

  /** A full state (`snapshot`): always taken, even with a lower version (a restarted server). */
  function applySnapshot(next: EngineState): void {
    state.value = Object.freeze(next);
  }

  /** A change: taken only when newer than what we have (versions count up). */
  function applyStateChanged(next: EngineState, cause: number | null = null): boolean {
    if (state.value && next.version <= state.value.version) return false;
    state.value = Object.freeze(next);
    lastCause.value = cause;
    return true;
  }

  function attach(c: ProtocolClient): () => void {
    client = c;
    const offs = [
      c.on("snapshot", (m) => applySnapshot(m.state)),
      c.on("state_changed", (m) => applyStateChanged(m.state, m.cause ?? null)),
    ];
    return () => {
      offs.forEach((off) => off());
      if (client === c) client = null;
    };
  }

  /** Sends a command; on failure records it in the connection store and returns null. */
  async function send<C extends ClientMessage>(payload: C): Promise<ReplyTo<C> | null> {
    if (!client) {
      connection.reportError(new RequestError("disconnected", "not connected: command not sent", payload.type, 0));
      return null;
    }
    try {
      return await client.request(payload);
    } catch (e) {
      connection.reportError(e);
      return null;
    }
  }

  const ok = (reply: unknown): boolean => reply !== null;

  return {
    state,
    lastCause,
    transportState,
    source,
    applySnapshot,
    applyStateChanged,
    attach,
    send,
    /** Asks for the whole state again (it also comes on every connect). */
    refresh: async () => {
      const reply = await send({ type: "get_state" });
      if (reply) applySnapshot(reply.state);
      return ok(reply);
    },
    transport: async (action: TransportAction) => ok(await send({ type: "transport", action })),
    setVolume: async (db: number) => ok(await send({ type: "set_volume", db })),
    setMute: async (muted: boolean) => ok(await send({ type: "set_mute", muted })),
    setFilterParameter: async (filter: string, parameter: string, value: FilterValue) =>
      ok(await send({ type: "set_filter_parameter", filter, parameter, value })),
    setPipeline: async (pipeline: Pipeline) => ok(await send({ type: "set_pipeline", pipeline })),
    /** Checks a pipeline without running it; null when the check itself failed. */
    validatePipeline: async (pipeline: Pipeline): Promise<ValidationResult | null> =>
      send({ type: "validate_pipeline", pipeline }),
  };
});
