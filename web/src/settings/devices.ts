// `GET /api/devices`: every audio host's output devices (and inputs, unused here) and the
// drivers this build offers. The form lists outputs by host; a device is chosen by its id
// (what `audio.device` takes), shown by its name.

import { DRIVERS, type DriverChoice } from "./config";

export interface RateRange {
  min_hz: number;
  max_hz: number;
}

export interface DeviceInfo {
  /** What `audio.device` takes (an ALSA PCM name, `output` for JACK). */
  id: string;
  name: string;
  is_default: boolean;
  channels: number[];
  sample_rates: RateRange[];
  formats: string[];
  error: string | null;
}

export interface HostDevices {
  host: string;
  /** Why the host could not be used (e.g. no JACK server running). */
  error: string | null;
  outputs: DeviceInfo[];
  inputs: DeviceInfo[];
}

export interface DeviceList {
  hosts: HostDevices[];
  drivers?: string[];
}

export interface DeviceGroup {
  host: string;
  devices: { id: string; label: string; isDefault: boolean }[];
}

/** The output devices by host (hosts without outputs left out), ids unique across all. */
export function outputGroups(list: DeviceList | null): DeviceGroup[] {
  const seen = new Set<string>();
  const groups: DeviceGroup[] = [];
  for (const h of list?.hosts ?? []) {
    const devices = h.outputs
      .filter((d) => d.id !== "" && !seen.has(d.id) && (seen.add(d.id), true))
      .map((d) => ({ id: d.id, label: d.name && d.name !== d.id ? `${d.name} (${d.id})` : d.id, isDefault: d.is_default }));
    if (devices.length) groups.push({ host: h.host, devices });
  }
  return groups;
}

/**
 * The drivers to offer: the server's list where it gave one (known names only), else all;
 * the configured one always, so the form never shows a value it cannot hold.
 */
export function driverChoices(list: DeviceList | null, current: DriverChoice): DriverChoice[] {
  const offered = (list?.drivers ?? []).filter((d): d is DriverChoice => (DRIVERS as readonly string[]).includes(d));
  const choices = offered.length ? offered : [...DRIVERS];
  return choices.includes(current) ? choices : [current, ...choices];
}
