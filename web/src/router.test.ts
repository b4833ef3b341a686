import { describe, expect, it } from "vitest";
import { pageFromHash } from "./router";

describe("pageFromHash", () => {
  it("reads the page from the hash and falls back to now playing", () => {
    expect(pageFromHash("#/monitor")).toBe("monitor");
    expect(pageFromHash("#pipeline")).toBe("pipeline");
    expect(pageFromHash("#/settings?x=1")).toBe("settings");
    expect(pageFromHash("")).toBe("now");
    expect(pageFromHash("#/nope")).toBe("now");
  });
});
