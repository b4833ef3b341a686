// An axe-core scan of the page as it is now (the installed axe-core, injected as a
// script: nothing is fetched).

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { WEB_DIR } from "./support.mjs";

let source = null;

/** Impacts that fail the test; "minor" and "moderate" are printed only. */
export const BLOCKING_IMPACTS = ["serious", "critical"];

/**
 * Runs axe on the whole document. Returns every violation as
 * { id, impact, help, targets: [css selectors] }.
 */
export async function axeScan(page) {
  source ??= await readFile(join(WEB_DIR, "node_modules", "axe-core", "axe.min.js"), "utf8");
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: source });
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  return violations;
}

/** One line per violation: `impact id: help -> target, target`. */
export function formatViolations(violations) {
  return violations.map((v) => `  ${v.impact} ${v.id}: ${v.help} -> ${v.targets.join(", ")}`).join("\n");
}
