// Summaries, ranges and issues in words, and every message id the page builds at run
// time (types, parameters, options, units, issue codes) defined in both locales.
import { describe, expect, it } from "vitest";
import { ISSUE_CODES, checkFilter } from "./checks";
import { CATEGORIES, defaultFilter, FILTER_TYPES, UNITS } from "./filterTypes";
import { formatHint, formatRange } from "./format";
import { issueMessage } from "./messages";
import { PRESET_NAME_PROBLEMS } from "./presets";
import { summarize } from "./summary";
import { bundleText } from "./testText";

const en = bundleText("en");
const de = bundleText("de");

describe("filter summaries", () => {
  it("read like the brief's example", () => {
    expect(summarize({ type: "peaking", freq: 1000, gain: 6, q: 1.41 }, 48000, en, "en")).toBe("Peaking 1000 Hz +6.0 dB Q 1.41");
    expect(summarize({ type: "lowshelf", freq: 105, gain: -5.5, slope: 12 }, 48000, en, "en")).toBe("Low shelf 105 Hz -5.5 dB 12 dB/oct");
    expect(summarize({ type: "linkwitz_riley_lowpass", freq: 2200, order: 4 }, 48000, en, "en")).toBe(
      "Linkwitz-Riley lowpass 2200 Hz order 4",
    );
    expect(summarize({ type: "gain", gain: -4.5, inverted: true }, 48000, en, "en")).toBe("Gain -4.5 dB Inverted polarity");
    expect(summarize({ type: "graphic_eq", gains: [1, 2, 3] }, 48000, en, "en")).toBe("Graphic EQ 20 Hz 20000 Hz 3 bands");
    expect(summarize({ type: "delay", delay: 2.5, unit: "ms" }, 48000, en, "en")).toBe("Delay 2.5 ms");
    expect(summarize({ type: "peaking", freq: 62.5, gain: 0, q: 1 }, 48000, de, "de")).toBe("Glocke 62,5 Hz 0,0 dB Q 1,00");
  });

  it("exist for every type's defaults in both locales", () => {
    for (const t of FILTER_TYPES) {
      for (const [text, locale] of [[en, "en"], [de, "de"]] as const) {
        expect(summarize(defaultFilter(t.type, 48000), 48000, text, locale).length).toBeGreaterThan(3);
      }
    }
  });
});

describe("ranges and issues", () => {
  it("say which bounds are included", () => {
    expect(formatHint("hz", { min: 0, max: 24000, minExclusive: true, maxExclusive: true }, en, "en")).toBe(
      "Hz, above 0 and below 24000",
    );
    expect(formatHint("db", { min: -24, max: 24 }, en, "en")).toBe("dB, -24–24");
    expect(formatRange({ min: 0, max: 100, minExclusive: true }, en, "en")).toBe("above 0, up to 100");
    expect(formatRange({ min: 1 }, de, "de")).toBe("1 oder mehr");
    expect(formatRange({}, en, "en")).toBe("any number");
  });

  it("explain a value out of range next to the field", () => {
    const [issue] = checkFilter("eq1", { type: "peaking", freq: 1000, gain: 30, q: 1 }, 48000);
    expect(issueMessage(issue!, en, "en")).toBe("Must be -24–24.");
    expect(issueMessage(issue!, de, "de")).toBe("Muss -24–24 sein.");
  });
});

describe("message ids built at run time", () => {
  const ids: string[] = [
    ...CATEGORIES.map((c) => `pipeline-category-${c}`),
    ...FILTER_TYPES.map((t) => `pipeline-type-${t.type}`),
    ...FILTER_TYPES.flatMap((t) => t.params.map((p) => `pipeline-param-${p.name}`)),
    ...FILTER_TYPES.flatMap((t) => t.params.flatMap((p) => (p.options ?? []).map((o) => `pipeline-option-${p.name}-${o}`))),
    ...FILTER_TYPES.flatMap((t) => (t.oneOf ? [`pipeline-choice-${t.oneOf.id}`] : [])),
    ...FILTER_TYPES.filter((t) => !t.plotted).map((t) => `pipeline-not-plotted-${t.category}`),
    ...UNITS.map((u) => `pipeline-unit-${u}`),
    ...PRESET_NAME_PROBLEMS.map((p) => `pipeline-preset-problem-${p}`),
  ];
  const args = { value: "x", range: "1–2", name: "eq1", count: 2, index: 1, type: "t" };

  it("are defined in every locale", () => {
    for (const id of ids) {
      expect(() => en(id, args), id).not.toThrow();
      expect(() => de(id, args), id).not.toThrow();
    }
    for (const code of ISSUE_CODES) {
      expect(en(`pipeline-issue-${code}`, args).length).toBeGreaterThan(3);
      expect(de(`pipeline-issue-${code}`, args).length).toBeGreaterThan(3);
    }
  });
});
