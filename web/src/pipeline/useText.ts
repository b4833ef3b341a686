// Fluent's $t for script code, and the locale it speaks (for number formatting).

import { useFluent } from "fluent-vue";
import { computed, type ComputedRef } from "vue";
import type { Translate } from "./format";

export function useText(): { t: Translate; locale: ComputedRef<string> } {
  const fluent = useFluent();
  const locale = computed(() => {
    for (const bundle of fluent.bundles.value) return bundle.locales[0] ?? "en";
    return "en";
  });
  return { t: (id, args) => fluent.$t(id, args), locale };
}
