// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { AttrSlot, StyleSlot, TextSlot } from "./domSlots";

/** Counts DOM mutations of an element. */
async function mutations(el: Element, act: () => void): Promise<number> {
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((r) => records.push(...r));
  observer.observe(el, { childList: true, attributes: true, characterData: true, subtree: true });
  act();
  await Promise.resolve();
  records.push(...observer.takeRecords());
  observer.disconnect();
  return records.length;
}

describe("DOM slots", () => {
  it("write text only when it changed", async () => {
    const el = document.createElement("span");
    const slot = new TextSlot(el);
    expect(await mutations(el, () => slot.set("-9.0"))).toBeGreaterThan(0);
    expect(el.textContent).toBe("-9.0");
    expect(await mutations(el, () => slot.set("-9.0"))).toBe(0);
    slot.set("-8.9");
    expect(el.textContent).toBe("-8.9");
  });

  it("write attributes and styles only when they changed", async () => {
    const el = document.createElement("div");
    const attr = new AttrSlot(el, "data-clipped");
    const style = new StyleSlot(el, "transform");
    attr.set("true");
    style.set("scaleX(0.5)");
    expect(el.getAttribute("data-clipped")).toBe("true");
    expect(el.style.transform).toBe("scaleX(0.5)");
    expect(
      await mutations(el, () => {
        attr.set("true");
        style.set("scaleX(0.5)");
      }),
    ).toBe(0);
  });

  it("do nothing without an element", () => {
    expect(() => new TextSlot(null).set("x")).not.toThrow();
  });
});
