import { describe, expect, it } from "vitest";
import { fieldForPath, formErrors, parseProblems } from "./errors";

describe("config errors", () => {
  it("splits the server's message into its 'path: problem' pairs", () => {
    const message =
      "audio.sample_rate: 1000 is below 8000 Hz; server.monitor_rate_hz: invalid type: string \"x\", expected f64";
    expect(parseProblems(message, "audio.sample_rate")).toEqual([
      { path: "audio.sample_rate", message: "1000 is below 8000 Hz" },
      { path: "server.monitor_rate_hz", message: 'invalid type: string "x", expected f64' },
    ]);
  });

  it("keeps a '; ' inside a problem's text", () => {
    expect(parseProblems("audio.block_size: 9 is below 16; using 16")).toEqual([
      { path: "audio.block_size", message: "9 is below 16; using 16" },
    ]);
  });

  it("puts a message that is not such a list at the error's path", () => {
    expect(parseProblems("not a configuration: bad", "audio.device")).toEqual([
      { path: "audio.device", message: "not a configuration: bad" },
    ]);
    expect(parseProblems("something broke")).toEqual([{ path: "", message: "something broke" }]);
  });

  it("maps a configuration path to the form field that holds it", () => {
    expect(fieldForPath("audio.device")).toBe("device");
    expect(fieldForPath("audio.driver")).toBe("driver");
    expect(fieldForPath("audio.sample_rate")).toBe("sampleRateHz");
    expect(fieldForPath("audio.block_size")).toBe("blockSize");
    expect(fieldForPath("gpu.enabled")).toBe("gpuEnabled");
    expect(fieldForPath("gpu.backend")).toBe("gpuBackend");
    expect(fieldForPath("server.monitor_rate_hz")).toBe("monitorRateHz");
    // Not a field of the form: a neighbour with a common prefix, another section, nothing.
    expect(fieldForPath("audio.device_index")).toBeNull();
    expect(fieldForPath("gpu.device_index")).toBeNull();
    expect(fieldForPath("performance.cpu_affinity[1]")).toBeNull();
    expect(fieldForPath("")).toBeNull();
    expect(fieldForPath(null)).toBeNull();
  });

  it("sorts problems into fields, joining two on one field, and keeps the rest with their paths", () => {
    const message =
      "audio.block_size: too large; performance.rt_priority: not a number; audio.block_size: not a power of two";
    expect(formErrors(message, "audio.block_size")).toEqual({
      fields: { blockSize: "too large; not a power of two" },
      other: ["performance.rt_priority: not a number"],
    });
  });
});
