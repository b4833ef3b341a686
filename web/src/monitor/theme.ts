// Tells canvas views when the theme's colours may have changed: the prefs store sets
// html[data-theme], and the "system" theme follows prefers-color-scheme. Views read their
// CSS variables in the callback (once now, then per change), never per frame.

import { watchMedia } from "./media";

/** Calls back now and on every theme change; returns the unsubscribe. */
export function watchTheme(callback: () => void): () => void {
  const observer = new MutationObserver(() => callback());
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  // watchMedia calls back at once: that is the "now".
  const offScheme = watchMedia("(prefers-color-scheme: dark)", () => callback());
  return () => {
    observer.disconnect();
    offScheme();
  };
}
