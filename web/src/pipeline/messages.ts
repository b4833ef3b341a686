// Client-side issues in words (`pipeline-issue-<code>` in the .ftl files).

import type { Issue } from "./checks";
import { formatNumber, formatRange, type Translate } from "./format";

export function issueMessage(issue: Issue, t: Translate, locale: string): string {
  const args: Record<string, string | number> = {};
  if (issue.range) args["range"] = formatRange(issue.range, t, locale);
  if (issue.value !== undefined) {
    args["value"] = typeof issue.value === "number" ? formatNumber(issue.value, locale) : issue.value;
  }
  return t(`pipeline-issue-${issue.code}`, args);
}
