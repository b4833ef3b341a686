// Media queries the monitor follows: the system colour scheme (for the "system" theme)
// and reduced motion. Plain callbacks, no reactivity: the canvas views read the result
// when they draw.

/** Calls back with the query's state now and on every change; returns the unsubscribe. */
export function watchMedia(query: string, callback: (matches: boolean) => void): () => void {
  if (typeof matchMedia !== "function") {
    callback(false);
    return () => {};
  }
  const list = matchMedia(query);
  const onChange = (): void => callback(list.matches);
  callback(list.matches);
  list.addEventListener("change", onChange);
  return () => list.removeEventListener("change", onChange);
}

export const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";
