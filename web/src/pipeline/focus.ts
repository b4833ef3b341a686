// Keeps the keyboard where it was after a reorder: the moved row re-renders elsewhere
// (or in place with other content), so the button pressed is focused again by selector.

import { nextTick } from "vue";

/** After the next render, focuses the first enabled element matching one of `selectors`. */
export async function refocus(...selectors: string[]): Promise<void> {
  await nextTick();
  for (const s of selectors) {
    for (const el of document.querySelectorAll<HTMLElement>(s)) {
      if ((el as HTMLButtonElement).disabled) continue;
      el.focus();
      return;
    }
  }
}

/** An attribute selector value, quoted (filter names may hold any character). */
export const quoted = (v: string): string => JSON.stringify(v);
