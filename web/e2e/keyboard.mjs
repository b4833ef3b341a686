// Keyboard-only reach: press Tab until focus comes back to where it started (or a limit),
// and list the interactive elements it never landed on.
//
// "Interactive": a[href], button, input, select, textarea, summary and
// [tabindex]:not([tabindex="-1"]) that are visible, enabled, not inert, not
// type=hidden and not taken out of the tab order with tabindex="-1" (a roving-tabindex
// widget keeps one member in the order and moves with arrows: that member counts). Of a
// radio group (same name, same form) only one radio is in the tab order, so the group is
// reached when any of its radios is. Elements are identified by their path in the
// document (tag and position among siblings), so a re-rendered element is still itself.

const SELECTOR = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** Runs in the page: the interactive elements as { key, group, label }. */
function targetsInPage(selector) {
  const keyOf = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      let i = 1;
      for (let s = e.previousElementSibling; s; s = s.previousElementSibling) if (s.tagName === e.tagName) i++;
      parts.push(`${e.tagName.toLowerCase()}:nth-of-type(${i})`);
    }
    return parts.reverse().join(" > ");
  };
  const labelOf = (el) => {
    const bits = [el.tagName.toLowerCase()];
    if (el.type && el.tagName !== "BUTTON") bits.push(`[type=${el.type}]`);
    for (const a of ["data-testid", "name", "id", "aria-label", "href"]) {
      if (el.getAttribute(a)) bits.push(`[${a}="${el.getAttribute(a)}"]`);
    }
    const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
    return bits.join("") + (text ? ` "${text}"` : "");
  };
  const groupOf = (el) =>
    el instanceof HTMLInputElement && el.type === "radio" && el.name
      ? `radio:${el.form ? keyOf(el.form) : ""}:${el.name}`
      : null;
  window.__e2eKeyOf = keyOf;
  window.__e2eLabelOf = labelOf;
  return [...document.querySelectorAll(selector)]
    .filter(
      (el) =>
        !el.matches(":disabled") &&
        el.getAttribute("tabindex") !== "-1" &&
        !(el instanceof HTMLInputElement && el.type === "hidden") &&
        !el.closest("[inert]") &&
        el.checkVisibility({ checkVisibilityCSS: true, visibilityProperty: true }),
    )
    .map((el) => ({ key: keyOf(el), group: groupOf(el), label: labelOf(el) }));
}

/** Runs in the page (after targetsInPage): the focused element's key and label. */
function focusedInPage() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  return { key: window.__e2eKeyOf(el), label: window.__e2eLabelOf(el) };
}

/**
 * Tabs through the page from the top. Returns the targets, the labels in focus order, the
 * targets never reached, and whether focus came round to the first element again.
 */
export async function tabThrough(page, { maxPresses } = {}) {
  const targets = await page.evaluate(targetsInPage, SELECTOR);
  const limit = maxPresses ?? Math.min(400, targets.length * 2 + 10);
  // Start from the top of the document, as a user who just loaded the page.
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    window.getSelection()?.removeAllRanges();
  });
  const seenKeys = new Set();
  const order = [];
  let first = null;
  let cycled = false;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(focusedInPage);
    if (!focused) continue; // past the last element: focus left the document for a moment
    if (first === null) first = focused.key;
    else if (focused.key === first) {
      cycled = true;
      break;
    }
    seenKeys.add(focused.key);
    order.push(focused.label);
  }
  const reachedGroups = new Set(targets.filter((t) => t.group && seenKeys.has(t.key)).map((t) => t.group));
  const missed = targets.filter((t) => !seenKeys.has(t.key) && !(t.group && reachedGroups.has(t.group)));
  return { targets, order, missed, cycled, presses: limit };
}
