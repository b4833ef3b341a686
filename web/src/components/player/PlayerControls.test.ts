// @vitest-environment jsdom
// The seek bar, the volume control and the repeat select.
import { afterEach, describe, expect, it } from "vitest";
import { nextTick } from "vue";
import { change, commands, mountWithSession, text, type Mounted } from "../../player/testMount";
import { engineState, flush } from "../../test/fakes";
import RepeatSelect from "./RepeatSelect.vue";
import SeekBar from "./SeekBar.vue";
import VolumeControl from "./VolumeControl.vue";

let m: Mounted | null = null;
afterEach(() => {
  m?.unmount();
  m = null;
});
const q = <T extends Element>(sel: string) => m!.root.querySelector<T>(sel)!;

describe("seek bar", () => {
  it("shows elapsed and total time and seeks, in seconds, when a value is committed", async () => {
    m = mountWithSession(SeekBar, { positionS: 65.4, durationS: 3 * 60 + 25 });
    await nextTick();
    const seek = q<HTMLInputElement>("input[data-testid=seek]");
    expect(seek.disabled).toBe(false);
    expect(Number(seek.max)).toBe(205);
    expect(Number(seek.value)).toBeCloseTo(65.4, 6);
    expect(text(q("[data-testid=elapsed]"))).toBe("1:05");
    expect(text(q("[data-testid=duration]"))).toBe("3:25");
    expect(seek.getAttribute("aria-valuetext")).toMatch(/1:05\W+of\W+3:25/);

    change(seek, "120");
    await nextTick();
    expect(commands(m.ws).at(-1)).toEqual({ type: "seek", position_s: 120 });
    expect(text(q("[data-testid=elapsed]"))).toBe("2:00"); // shows the dragged value meanwhile
  });

  it("is disabled while the duration is unknown", async () => {
    m = mountWithSession(SeekBar, { positionS: 12, durationS: null });
    await nextTick();
    const seek = q<HTMLInputElement>("input[data-testid=seek]");
    expect(seek.disabled).toBe(true);
    expect(text(q("[data-testid=duration]"))).toBe("–:––");
    change(seek, "5");
    expect(commands(m.ws)).toEqual([]);
  });
});

describe("volume control", () => {
  it("shows the volume on the slider and in the number input, and mute as a toggle button", async () => {
    m = mountWithSession(VolumeControl, {}, engineState({ volume_db: -12.04, muted: true }));
    await nextTick();
    // The slider holds the value (a browser then snaps it to its 0.5 dB step); the text says it to 0.1 dB.
    expect(Number(q<HTMLInputElement>("input[data-testid=volume]").value)).toBeCloseTo(-12.04, 6);
    expect(q<HTMLInputElement>("input[data-testid=volume]").getAttribute("aria-valuetext")).toBe("\u2068-12\u2069 dB");
    expect(q<HTMLInputElement>("input[data-testid=volume-db]").value).toBe("-12");
    expect(q("[data-testid=mute]").getAttribute("aria-pressed")).toBe("true");
  });

  it("rests the slider at -80 dB for quieter volumes, which the number input still shows", async () => {
    m = mountWithSession(VolumeControl, {}, engineState({ volume_db: -120 }));
    await nextTick();
    expect(q<HTMLInputElement>("input[data-testid=volume]").value).toBe("-80");
    expect(q<HTMLInputElement>("input[data-testid=volume-db]").value).toBe("-120");
  });

  it("sends the slider's and the number's volume, clamped to -150..0 dB", async () => {
    m = mountWithSession(VolumeControl);
    await nextTick();
    change(q("input[data-testid=volume]"), "-23.5");
    expect(commands(m.ws).at(-1)).toEqual({ type: "set_volume", db: -23.5 });
    change(q("input[data-testid=volume-db]"), "-140");
    expect(commands(m.ws).at(-1)).toEqual({ type: "set_volume", db: -140 });
    change(q("input[data-testid=volume-db]"), "-400");
    expect(commands(m.ws).at(-1)).toEqual({ type: "set_volume", db: -150 });
    expect(commands(m.ws)).toHaveLength(3);
  });

  it("sends nothing for a value that is not a number, and shows the set volume again", async () => {
    m = mountWithSession(VolumeControl, {}, engineState({ volume_db: -6 }));
    await nextTick();
    const input = q<HTMLInputElement>("input[data-testid=volume-db]");
    change(input, "");
    await flush();
    expect(commands(m.ws)).toEqual([]);
    expect(input.value).toBe("-6");
  });

  it("toggles mute from the state the engine reports", async () => {
    m = mountWithSession(VolumeControl, {}, engineState({ muted: false }));
    await nextTick();
    q<HTMLButtonElement>("[data-testid=mute]").click();
    expect(commands(m.ws).at(-1)).toEqual({ type: "set_mute", muted: true });
  });
});

describe("repeat select", () => {
  it("shows the engine's mode and sends the one chosen", async () => {
    m = mountWithSession(RepeatSelect, {}, engineState({ repeat: "all" }));
    await nextTick();
    const select = q<HTMLSelectElement>("select[data-testid=repeat]");
    expect(select.value).toBe("all");
    expect([...select.options].map((o) => o.value)).toEqual(["off", "one", "all"]);
    expect(m.root.querySelector(`label[for="${select.id}"]`)).not.toBeNull();
    change(select, "one");
    expect(commands(m.ws).at(-1)).toEqual({ type: "set_repeat", mode: "one" });
  });
});
