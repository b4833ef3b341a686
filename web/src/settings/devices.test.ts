import { describe, expect, it } from "vitest";
import { driverChoices, outputGroups, type DeviceInfo, type DeviceList } from "./devices";

const device = (id: string, name: string, isDefault = false): DeviceInfo => ({
  id,
  name,
  is_default: isDefault,
  channels: [2],
  sample_rates: [{ min_hz: 44100, max_hz: 192000 }],
  formats: ["f32"],
  error: null,
});

describe("device list", () => {
  it("groups outputs by host, leaves hosts without outputs out, and names each by name and id", () => {
    const list: DeviceList = {
      hosts: [
        { host: "jack", error: "no JACK server running", outputs: [], inputs: [] },
        {
          host: "alsa",
          error: null,
          outputs: [device("default", "default", true), device("hw:CARD=PCH,DEV=0", "HDA Intel PCH")],
          inputs: [device("mic", "Microphone")],
        },
      ],
    };
    expect(outputGroups(list)).toEqual([
      {
        host: "alsa",
        devices: [
          { id: "default", label: "default", isDefault: true },
          { id: "hw:CARD=PCH,DEV=0", label: "HDA Intel PCH (hw:CARD=PCH,DEV=0)", isDefault: false },
        ],
      },
    ]);
  });

  it("is empty without a list or without outputs (then the form asks for a name)", () => {
    expect(outputGroups(null)).toEqual([]);
    expect(outputGroups({ hosts: [{ host: "alsa", error: "no card", outputs: [], inputs: [] }] })).toEqual([]);
  });

  it("lists an id once even when two hosts report it", () => {
    const list: DeviceList = {
      hosts: [
        { host: "a", error: null, outputs: [device("x", "X")], inputs: [] },
        { host: "b", error: null, outputs: [device("x", "X again"), device("y", "Y")], inputs: [] },
      ],
    };
    expect(outputGroups(list).flatMap((g) => g.devices.map((d) => d.id))).toEqual(["x", "y"]);
  });

  it("offers the server's drivers, else all, and always the configured one", () => {
    expect(driverChoices({ hosts: [], drivers: ["auto", "alsa", "null", "bogus"] }, "alsa")).toEqual(["auto", "alsa", "null"]);
    expect(driverChoices({ hosts: [], drivers: ["auto", "alsa"] }, "jack")).toEqual(["jack", "auto", "alsa"]);
    expect(driverChoices(null, "auto")).toEqual(["auto", "jack", "pipewire", "alsa", "default", "null"]);
  });
});
