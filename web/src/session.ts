// Wires one ProtocolClient to the stores and the monitor buffer. The page calls
// startSession() once after installing Pinia; tests pass their own WebSocket and clock.

import { inject, type InjectionKey } from "vue";
import { attachMonitorFeed, type MonitorFeed } from "./monitor/feed";
import { monitorBuffer, type MonitorBuffer } from "./monitor/buffer";
import { ProtocolClient, wsUrlFromLocation, type ProtocolClientOptions } from "./protocol/client";
import { useConnectionStore } from "./stores/connection";
import { useEngineStore } from "./stores/engine";

export interface Session {
  client: ProtocolClient;
  monitor: MonitorFeed;
  stop(): void;
}

export function startSession(
  options: Partial<ProtocolClientOptions> = {},
  buffer: MonitorBuffer = monitorBuffer,
): Session {
  const client = new ProtocolClient({ ...options, url: options.url ?? wsUrlFromLocation(location) });
  const connection = useConnectionStore();
  const detachConnection = connection.attach(client);
  const detachEngine = useEngineStore().attach(client);
  const monitor = attachMonitorFeed(client, buffer, (e) => connection.reportError(e));
  client.connect();
  return {
    client,
    monitor,
    stop() {
      client.close();
      monitor.detach();
      detachEngine();
      detachConnection();
    },
  };
}

/** Where the page's session is provided to components (`inject(SESSION_KEY)`). */
export const SESSION_KEY: InjectionKey<Session> = Symbol("vortex-session");

/** The page's session, in a component's setup. */
export function useSession(): Session {
  const session = inject(SESSION_KEY);
  if (!session) throw new Error("no Vortex session provided (main.ts provides it)");
  return session;
}
