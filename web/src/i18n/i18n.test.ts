import { FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { bundlesFor, LOCALES, makeBundle, negotiateLocale, SOURCES } from "./index";

/** Message ids of a locale's .ftl, and anything the parser could not read (Junk). */
function ids(source: string): string[] {
  const resource = new FluentResource(source);
  return resource.body.map((m) => m.id).sort();
}

const SAMPLE_ARGS = {
  status: "open",
  seconds: "2.0",
  attempt: 3,
  version: "0.1.0",
  protocol: 1,
  state: "paused",
  code: "invalid_parameter",
  message: "payload.db must be within -150..=0",
};

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
        const text = bundle.formatPattern(msg!.value!, SAMPLE_ARGS, errors);
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
