// For component tests (jsdom): a session over a fake socket whose server side the test
// plays, and a mount of one component with Pinia, English messages and that session.

import { createPinia, setActivePinia } from "pinia";
import { createApp, h, type App, type Component } from "vue";
import { createI18n } from "../i18n";
import { monitorBuffer, type MonitorBuffer } from "../monitor/buffer";
import type { EngineState } from "../protocol/types";
import { SESSION_KEY, startSession, type Session } from "../session";
import { engineState, FakeClock, FakeWebSocket, WELCOME } from "../test/fakes";

export interface Mounted {
  root: HTMLElement;
  ws: FakeWebSocket;
  session: Session;
  buffer: MonitorBuffer;
  unmount(): void;
}

/** Mounts `component` connected to a fake server that has sent `state` (none when null). */
export function mountWithSession(
  component: Component,
  props: Record<string, unknown> = {},
  state: EngineState | null = engineState(),
): Mounted {
  const pinia = createPinia();
  setActivePinia(pinia);
  FakeWebSocket.reset();
  // The page's one buffer, as in the app: components read it directly.
  const buffer = monitorBuffer;
  const session = startSession(
    { url: "ws://vortex.test/ws", WebSocket: FakeWebSocket, clock: new FakeClock(), hello: false },
    buffer,
  );
  const ws = FakeWebSocket.last;
  ws.accept();
  ws.push(WELCOME);
  if (state) ws.push({ type: "snapshot", state });
  const root = document.createElement("div");
  document.body.appendChild(root);
  const app: App = createApp({ render: () => h(component, props) });
  app.use(pinia).use(createI18n(["en"])).provide(SESSION_KEY, session);
  app.mount(root);
  return {
    root,
    ws,
    session,
    buffer,
    unmount() {
      app.unmount();
      session.stop();
      root.remove();
    },
  };
}

/** The payloads of the commands sent so far, leaving out the monitoring subscription. */
export function commands(ws: FakeWebSocket): Record<string, unknown>[] {
  return ws.envelopes.map((e) => e.payload).filter((p) => p.type !== "set_monitoring");
}

/**
 * The text assistive technology reads: aria-hidden parts (icons) left out, visually hidden
 * ones kept; without fluent's bidi isolation marks, whitespace collapsed.
 */
export function text(el: Element | null | undefined): string {
  if (!el) return "";
  const copy = el.cloneNode(true) as Element;
  copy.querySelectorAll("[aria-hidden=true]").forEach((n) => n.remove());
  return (copy.textContent ?? "").replace(/[\u2068\u2069]/g, "").replace(/\s+/g, " ").trim();
}

/** Sets an input's or select's value and fires what a person's change fires. */
export function change(el: Element | null, value: string): void {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) throw new Error("no such control");
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
}
