import { FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { bundlesFor, LOCALES, makeBundle, negotiateLocale, SOURCES } from "./index";

/** Message ids of a locale's .ftl, and anything the parser could not read (Junk). */
function ids(source: string): string[] {
  const resource = new FluentResource(source);
  return resource.body.map((m) => m.id).sort();
}

/** Every variable a message's pattern refers to (`{ $name }`, selectors, function arguments). */
function variables(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => variables(n, out));
  else if (node && typeof node === "object") {
    const n = node as Record<string, unknown>;
    if (n["type"] === "var" && typeof n["name"] === "string") out.add(n["name"]);
    Object.values(n).forEach((v) => variables(v, out));
  }
  return out;
}

/** A value for each variable of a message: numbers, which every placeable can format. */
function sampleArgs(value: unknown): Record<string, number> {
  return Object.fromEntries([...variables(value)].map((name) => [name, 3]));
}

describe("translations", () => {
  it("define the same messages in every locale", () => {
    const reference = ids(SOURCES.en);
    expect(reference.length).toBeGreaterThanOrEqual(10);
    for (const locale of LOCALES) expect(ids(SOURCES[locale]), locale).toEqual(reference);
  });

  it("format every message without errors in every locale", () => {
    for (const locale of LOCALES) {
      const bundle = makeBundle(locale);
      for (const id of ids(SOURCES[locale])) {
        const msg = bundle.getMessage(id);
        expect(msg?.value, `${locale}: ${id}`).toBeTruthy();
        const errors: Error[] = [];
        const text = bundle.formatPattern(msg!.value!, sampleArgs(msg!.value), errors);
        expect(errors, `${locale}: ${id}`).toEqual([]);
        expect(text.trim().length, `${locale}: ${id}`).toBeGreaterThan(0);
      }
    }
  });

  it("select variants", () => {
    const de = makeBundle("de");
    const status = de.getMessage("connection-status")!.value!;
    expect(de.formatPattern(status, { status: "open" })).toBe("Verbunden");
    expect(de.formatPattern(status, { status: "connecting" })).toBe("Verbinde…");
    expect(de.formatPattern(status, { status: "anything" })).toBe("Getrennt");
  });

  it("pick the first supported locale the user prefers, English otherwise", () => {
    expect(negotiateLocale(["de-AT", "en"])).toBe("de");
    expect(negotiateLocale(["fr-FR", "DE"])).toBe("de");
    expect(negotiateLocale(["fr", "it"])).toBe("en");
    expect(negotiateLocale([])).toBe("en");
    expect(bundlesFor("de").map((b) => b.locales[0])).toEqual(["de", "en"]);
    expect(bundlesFor("en").map((b) => b.locales[0])).toEqual(["en"]);
  });
});
