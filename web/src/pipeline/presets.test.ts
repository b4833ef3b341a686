// @vitest-environment jsdom
// Preset names: the server's rules (crates/vortex-server/src/presets.rs, validate_name,
// whose test cases these are), checked before asking it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadPreset, presetNameProblem, savePreset } from "./presets";

afterEach(() => vi.unstubAllGlobals());

describe("preset names", () => {
  it("refuse what the server refuses", () => {
    const bad = ["../x", "a/b", "..", ".hidden", "x\\y", "a\0b", "a".repeat(65), "", " lead", "trail ", "a..b", "/abs", "-x", "_x", "é", "con", "NUL.x", "com1", "tab\t"];
    for (const name of bad) expect(presetNameProblem(name), JSON.stringify(name)).not.toBeNull();
    expect(presetNameProblem("")).toBe("empty");
    expect(presetNameProblem("a".repeat(65))).toBe("too-long");
    expect(presetNameProblem("LPT9.txt")).toBe("reserved");
  });

  it("accept what the server accepts", () => {
    for (const name of ["a".repeat(64), "a.b c_d-e", "console", "Warm Bass", "9"]) expect(presetNameProblem(name), name).toBeNull();
  });

  it("are sent encoded in the path", async () => {
    const calls: [string, RequestInit][] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify({ name: "Warm Bass", created: true }), { status: 201 });
    });
    await savePreset("Warm Bass", { steps: [] });
    await loadPreset("Warm Bass");
    expect(calls.map(([u, i]) => `${i.method} ${u}`)).toEqual(["PUT /api/presets/Warm%20Bass", "GET /api/presets/Warm%20Bass"]);
    expect(calls[0]![1].body).toBe('{"steps":[]}');
  });
});
