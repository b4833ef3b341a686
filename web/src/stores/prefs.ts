// UI preferences: theme, language and how the monitor draws. Kept in localStorage (the
// page starts with them at once) and saved to the server (`/api/ui-preferences`), so a
// second browser gets them too; the newer copy wins. Engine settings are not here: they
// belong to the engine (the settings page sends them to /api/config).

import { defineStore } from "pinia";
import { reactive, watch } from "vue";
import { api } from "../api";
import { LOCALES, negotiateLocale, type Locale } from "../i18n";

export type Theme = "system" | "light" | "dark" | "contrast";
export const THEMES: readonly Theme[] = ["system", "light", "dark", "contrast"];

export interface Prefs {
  theme: Theme;
  /** A supported locale, or "auto" for the browser's languages. */
  language: Locale | "auto";
  spectrum: {
    /** Bars (fractional-octave bands) or a line over every bin. */
    mode: "bars" | "line";
    /** All channels summed, or one trace per channel. */
    channels: "sum" | "each";
    peakHold: boolean;
  };
  /** Monitoring frames per second asked of the server, 1 to 60. */
  monitorRateHz: number;
  /** When these were last changed, ms since the epoch (the newer copy wins). */
  updatedAt: number;
}

export const DEFAULT_PREFS: Readonly<Prefs> = Object.freeze({
  theme: "system",
  language: "auto",
  spectrum: Object.freeze({ mode: "bars", channels: "sum", peakHold: true }),
  monitorRateHz: 30,
  updatedAt: 0,
}) as Readonly<Prefs>;

const STORAGE_KEY = "vortex-ui-preferences";
export const PREFS_PATH = "/api/ui-preferences";

/** Prefs from untrusted JSON: known fields with valid values, defaults for the rest. */
export function sanitizePrefs(raw: unknown): Prefs {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const s = (r["spectrum"] && typeof r["spectrum"] === "object" ? r["spectrum"] : {}) as Record<string, unknown>;
  const pick = <T>(v: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(v as T) ? (v as T) : fallback;
  const rate = Number(r["monitorRateHz"]);
  const at = Number(r["updatedAt"]);
  return {
    theme: pick(r["theme"], THEMES, DEFAULT_PREFS.theme),
    language: pick(r["language"], ["auto", ...LOCALES] as const, DEFAULT_PREFS.language),
    spectrum: {
      mode: pick(s["mode"], ["bars", "line"] as const, DEFAULT_PREFS.spectrum.mode),
      channels: pick(s["channels"], ["sum", "each"] as const, DEFAULT_PREFS.spectrum.channels),
      peakHold: typeof s["peakHold"] === "boolean" ? s["peakHold"] : DEFAULT_PREFS.spectrum.peakHold,
    },
    monitorRateHz: Number.isFinite(rate) ? Math.min(60, Math.max(1, Math.round(rate))) : DEFAULT_PREFS.monitorRateHz,
    updatedAt: Number.isFinite(at) && at > 0 ? at : 0,
  };
}

function readLocal(): Prefs {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    return sanitizePrefs(text ? JSON.parse(text) : {});
  } catch {
    return sanitizePrefs({});
  }
}

export const usePrefsStore = defineStore("prefs", () => {
  const prefs = reactive<Prefs>(readLocal());
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set while server values are applied, so they are not saved straight back. */
  let applying = false;

  function applyTheme(): void {
    if (typeof document !== "undefined") document.documentElement.dataset["theme"] = prefs.theme;
  }
  applyTheme();

  watch(
    () => JSON.stringify({ ...prefs, updatedAt: 0 }),
    () => {
      applyTheme();
      if (applying) return;
      prefs.updatedAt = Date.now();
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
      } catch {
        /* storage refused: the server copy still saves them */
      }
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void saveToServer(), 500);
    },
  );

  async function saveToServer(): Promise<boolean> {
    try {
      await api(PREFS_PATH, { method: "PUT", json: prefs });
      return true;
    } catch {
      return false; // offline or refused: kept locally, saved with the next change
    }
  }

  /** Takes the server's copy when it is newer than ours. */
  async function loadFromServer(): Promise<void> {
    let remote: Prefs;
    try {
      remote = sanitizePrefs(await api<unknown>(PREFS_PATH));
    } catch {
      return;
    }
    if (remote.updatedAt <= prefs.updatedAt) return;
    applying = true;
    Object.assign(prefs, remote);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
    } catch {
      /* as above */
    }
    // The watcher runs after this tick; keep `applying` until then.
    setTimeout(() => (applying = false), 0);
  }

  /** The languages to pick a locale from: the chosen one, else the browser's. */
  function languagePreference(): readonly string[] {
    return prefs.language === "auto" ? (globalThis.navigator?.languages ?? []) : [prefs.language];
  }

  /** The locale the UI should show now. */
  function locale(): Locale {
    return negotiateLocale(languagePreference());
  }

  return { prefs, loadFromServer, saveToServer, languagePreference, locale };
});
