// Named pipeline presets on the server (/api/presets), and the name rules it enforces
// (crates/vortex-server/src/presets.rs, validate_name), checked before asking it.

import { api } from "../api";

export interface PresetInfo {
  name: string;
  modified_unix_s: number;
  bytes: number;
}

export const MAX_PRESET_NAME_CHARS = 64;

/** Device names Windows reserves; the server refuses them (presets stay portable). */
const RESERVED = new Set([
  "con", "prn", "aux", "nul",
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

/** Why a name is refused (translated as `pipeline-preset-problem-<id>`). */
export const PRESET_NAME_PROBLEMS = ["empty", "too-long", "characters", "first", "space-edge", "dots", "reserved"] as const;
export type PresetNameProblem = (typeof PRESET_NAME_PROBLEMS)[number];

/** Why the server would refuse `name`, or null when it is acceptable. */
export function presetNameProblem(name: string): PresetNameProblem | null {
  if (name.length === 0) return "empty";
  if ([...name].length > MAX_PRESET_NAME_CHARS) return "too-long";
  if (name.includes("..")) return "dots";
  if (name.startsWith(" ") || name.endsWith(" ")) return "space-edge";
  if (!/^[A-Za-z0-9]/.test(name)) return "first";
  if (!/^[A-Za-z0-9 _.-]+$/.test(name)) return "characters";
  const device = (name.split(".")[0] ?? name).trimEnd().toLowerCase();
  if (RESERVED.has(device)) return "reserved";
  return null;
}

const path = (name: string): string => `/api/presets/${encodeURIComponent(name)}`;

export const listPresets = (): Promise<PresetInfo[]> => api<PresetInfo[]>("/api/presets");
export const loadPreset = (name: string): Promise<Record<string, unknown>> => api(path(name));
export const savePreset = (name: string, pipeline: Record<string, unknown>): Promise<{ name: string; created: boolean }> =>
  api(path(name), { method: "PUT", json: pipeline });
export const deletePreset = (name: string): Promise<void> => api(path(name), { method: "DELETE" });
