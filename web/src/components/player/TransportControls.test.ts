// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { nextTick } from "vue";
import { commands, mountWithSession, text, type Mounted } from "../../player/testMount";
import { engineState } from "../../test/fakes";
import TransportControls from "./TransportControls.vue";

let m: Mounted | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
});

const button = (id: string) => m!.root.querySelector<HTMLButtonElement>(`[data-testid=${id}]`)!;

describe("transport controls", () => {
  it("send each transport command when their button is pressed", () => {
    m = mountWithSession(TransportControls);
    for (const [id, action] of [
      ["transport-toggle", "toggle"],
      ["transport-stop", "stop"],
      ["transport-next", "next"],
      ["transport-previous", "previous"],
    ] as const) {
      button(id).click();
      expect(commands(m.ws).at(-1), id).toEqual({ type: "transport", action });
    }
    expect(commands(m.ws)).toHaveLength(4);
  });

  it("offer pause while playing and play otherwise, following the engine's state", async () => {
    m = mountWithSession(TransportControls, {}, engineState({ transport: "playing" }));
    await nextTick();
    expect(text(button("transport-toggle"))).toBe("Pause");
    m.ws.push({ type: "state_changed", state: engineState({ version: 2, transport: "paused" }) });
    await nextTick();
    expect(text(button("transport-toggle"))).toBe("Play");
    // The click sends "toggle", never a guessed "play" or "pause": the engine decides.
    button("transport-toggle").click();
    expect(commands(m.ws).at(-1)).toEqual({ type: "transport", action: "toggle" });
  });

  it("are disabled before the engine's state arrives, and named for assistive technology", () => {
    m = mountWithSession(TransportControls, {}, null);
    const all = [...m.root.querySelectorAll("button")];
    expect(all).toHaveLength(4);
    for (const b of all) {
      expect(b.disabled).toBe(true);
      expect(text(b).length).toBeGreaterThan(0);
    }
    expect(m.root.querySelector("[role=group]")?.getAttribute("aria-label")).toBe("Transport");
  });
});
