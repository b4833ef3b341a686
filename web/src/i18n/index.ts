// Translations: Fluent (.ftl) files, a folder per locale and a file per area of the UI
// (`en/app.ftl`, `en/monitor.ftl`, ...), used through fluent-vue ($t('key', { args }) in
// templates, useFluent() in script). English is the reference and the fallback for any
// message a locale lacks; a test keeps every locale's message ids equal to English's.

import { FluentBundle, FluentResource } from "@fluent/bundle";
import { createFluentVue, type FluentVue } from "fluent-vue";

const FILES = import.meta.glob<string>("./*/*.ftl", { query: "?raw", import: "default", eager: true });

/** Every locale's files joined, in file-name order. */
function joined(locale: string): string {
  return Object.keys(FILES)
    .filter((path) => path.startsWith(`./${locale}/`))
    .sort()
    .map((path) => FILES[path] ?? "")
    .join("\n");
}

export const SOURCES = { en: joined("en"), de: joined("de") } as const;
export type Locale = keyof typeof SOURCES;
export const LOCALES = Object.keys(SOURCES) as Locale[];
/** Each locale's name in that locale, for the language picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch" };
export const DEFAULT_LOCALE: Locale = "en";

/** A bundle of one locale's messages; throws on duplicate or unparsable messages. */
export function makeBundle(locale: Locale): FluentBundle {
  const resource = new FluentResource(SOURCES[locale]);
  const bundle = new FluentBundle(locale);
  const errors = bundle.addResource(resource);
  if (errors.length) throw new Error(`${locale}.ftl: ${errors.map((e) => e.message).join("; ")}`);
  return bundle;
}

/** The first supported locale in the user's preference list (`de-AT` -> `de`), else English. */
export function negotiateLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split("-")[0] as Locale;
    if (LOCALES.includes(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

/** The fallback chain for a locale: itself, then English. */
export function bundlesFor(locale: Locale): FluentBundle[] {
  return locale === DEFAULT_LOCALE ? [makeBundle(locale)] : [makeBundle(locale), makeBundle(DEFAULT_LOCALE)];
}

export function createI18n(preferred: readonly string[] = globalThis.navigator?.languages ?? []): FluentVue {
  return createFluentVue({ bundles: bundlesFor(negotiateLocale(preferred)) });
}
