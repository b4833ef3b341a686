// The page's four views, chosen by the address's hash (`#/monitor`): hash routing works
// wherever the server mounts the UI, with relative asset paths and no server routes.

import { readonly, ref } from "vue";

export const PAGES = ["now", "pipeline", "monitor", "tuner", "settings"] as const;
export type Page = (typeof PAGES)[number];
export const DEFAULT_PAGE: Page = "now";

/** The page a hash names (`#/pipeline` -> `pipeline`), the default for anything else. */
export function pageFromHash(hash: string): Page {
  const name = hash.replace(/^#\/?/, "").split(/[/?]/)[0] ?? "";
  return (PAGES as readonly string[]).includes(name) ? (name as Page) : DEFAULT_PAGE;
}

const current = ref<Page>(pageFromHash(globalThis.location?.hash ?? ""));
globalThis.addEventListener?.("hashchange", () => {
  current.value = pageFromHash(location.hash);
});

/** The page shown now (follows the address). */
export const currentPage = readonly(current);
