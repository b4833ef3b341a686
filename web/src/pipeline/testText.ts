// A Translate over the real .ftl bundles for tests: fails on a missing message or
// argument, and drops fluent's isolation marks so texts compare plainly.

import { makeBundle, type Locale } from "../i18n";
import type { Translate } from "./format";

export function bundleText(locale: Locale): Translate {
  const bundle = makeBundle(locale);
  return (id, args) => {
    const message = bundle.getMessage(id);
    if (!message?.value) throw new Error(`${locale}: no message ${id}`);
    const errors: Error[] = [];
    const text = bundle.formatPattern(message.value, args, errors);
    if (errors.length) throw new Error(`${locale}: ${id}: ${errors.map((e) => e.message).join("; ")}`);
    return text.replace(/[\u2068\u2069]/g, "");
  };
}
