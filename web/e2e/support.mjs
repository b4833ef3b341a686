// Shared machinery of the end-to-end tests: the Vortex server (start, stop, restart on
// the same port), the browser (Debian's Chromium through playwright-core, never a
// downloaded one), waits that say what they expected and what they saw, and artifacts.
//
// Environment:
//   VORTEX_BIN             the vortex binary (default ~/.cache/vortex/target/debug/vortex)
//   CHROMIUM               the browser (default /usr/bin/chromium)
//   VORTEX_E2E_ARTIFACTS   where screenshots go (default web/e2e/artifacts)
//   VORTEX_E2E_UI          which UI to test: "auto" (default), "server" or "dist", see uiMode()

import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startFront } from "./front.mjs";

export { sleep };

export const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));
export const DIST_DIR = join(WEB_DIR, "dist");
export const ARTIFACTS_DIR = process.env["VORTEX_E2E_ARTIFACTS"] || join(WEB_DIR, "e2e", "artifacts");
export const VORTEX_BIN =
  process.env["VORTEX_BIN"] || join(homedir(), ".cache", "vortex", "target", "debug", "vortex");
export const CHROMIUM = process.env["CHROMIUM"] || "/usr/bin/chromium";

/** The pages, as the hash names them (`#/monitor`), in the navigation's order. */
export const PAGES = ["now", "pipeline", "monitor", "tuner", "settings"];

/** The generator every test server plays: a sine at 1000 Hz, peak -6 dBFS. */
export const GENERATOR = { freqHz: 1000, levelDb: -6 };

/** One peaking EQ at the generator's frequency, flat (0 dB) at start. */
export const PIPELINE_TOML = `[filters.eq1]
type = "peaking"
freq = 1000.0
gain = 0.0
q = 1.0

[[steps]]
type = "filter"
names = ["eq1"]
`;

// ---------------------------------------------------------------------------------------
// Waiting

/**
 * Polls `probe` until it returns `{ ok: true, ... }`, at most `timeoutMs`. The error on
 * timeout names what was awaited and the last thing seen (`seen`), so a failure reads
 * "expected X, saw Y" without a rerun.
 */
export async function waitFor(what, probe, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = { ok: false, seen: "nothing yet" };
  for (;;) {
    try {
      last = await probe();
    } catch (e) {
      last = { ok: false, seen: `error: ${e instanceof Error ? e.message.split("\n")[0] : e}` };
    }
    if (last.ok) return last;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${show(last.seen)}`);
    }
    await sleep(intervalMs);
  }
}

function show(v) {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** A number shown in the page ("-6.0", "−6.0", "-6,0 dB"): NaN when there is none. */
export function parseShownNumber(text) {
  const m = String(text ?? "")
    .replace(/\u2212/g, "-")
    .match(/-?\d+(?:[.,]\d+)?/);
  return m ? Number(m[0].replace(",", ".")) : NaN;
}

// ---------------------------------------------------------------------------------------
// The server

const children = new Set();
process.on("exit", () => {
  // A test that failed half-way must not leave servers or browsers behind.
  for (const child of children) child.kill("SIGKILL");
});

/**
 * Starts `vortex serve` with the test pipeline and a generator, in a fresh HOME and
 * XDG_CONFIG_HOME (no user configuration, presets or preferences leak in). Resolves once
 * the server printed its address.
 *
 * @param {{ port?: number, generate?: string, dir?: string }} options
 *   port 0 picks a free one; `dir` reuses the temp dir of an earlier start (restart).
 */
export async function startVortex({ port = 0, generate = "sine", dir } = {}) {
  if (!existsSync(VORTEX_BIN)) {
    throw new Error(`vortex binary not found at ${VORTEX_BIN} (set VORTEX_BIN, or build it)`);
  }
  const root = dir ?? (await mkdtemp(join(tmpdir(), "vortex-e2e-")));
  const home = join(root, "home");
  await mkdir(join(home, ".config"), { recursive: true });
  const pipeline = join(root, "pipeline.toml");
  await writeFile(pipeline, PIPELINE_TOML);
  const args = [
    "serve",
    "--generate", generate,
    "--freq", String(GENERATOR.freqHz),
    "--level", String(GENERATOR.levelDb),
    "--pipeline", pipeline,
    "--listen", `127.0.0.1:${port}`,
    "--driver", "null",
  ];
  const proc = spawn(VORTEX_BIN, args, {
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, ".config") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(proc);
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-8000);
  };
  proc.stdout.on("data", keep);
  proc.stderr.on("data", keep);
  const exited = new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
  exited.then(() => children.delete(proc));

  const addr = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`vortex serve printed no "web UI at" line within 30 s; its output:\n${log}`));
    }, 30_000);
    const onData = () => {
      const m = log.match(/web UI at http:\/\/([^/\s]+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stderr.on("data", onData);
    proc.stdout.on("data", onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`vortex serve exited (code ${code}, signal ${signal}) before listening; output:\n${log}`));
    });
  });
  const actualPort = Number(addr.split(":").pop());
  return {
    url: `http://${addr}/`,
    port: actualPort,
    pid: proc.pid,
    dir: root,
    generate,
    log: () => log,
    /** SIGTERM, then waits for a clean exit (SIGKILL and an error after 10 s). */
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill("SIGTERM");
      const result = await Promise.race([exited, sleep(10_000).then(() => null)]);
      if (result === null) {
        proc.kill("SIGKILL");
        await exited;
        throw new Error(`vortex serve did not stop within 10 s of SIGTERM; output:\n${log}`);
      }
      return result;
    },
  };
}

/**
 * Which UI the tests drive:
 * - "server": the page `vortex serve` serves (it embeds web/dist when it is built).
 * - "dist":   web/dist as it is now, served by a small Node front (./front.mjs) that
 *             forwards /ws, /api/ and /metrics to the server. Used when the binary embeds
 *             another build than web/dist holds (a UI change needs no Rust rebuild).
 * - "auto":   "server" when the server's `/` is byte-identical to dist/index.html (the
 *             hashed asset names make that mean "the same build"), else "dist".
 */
export async function uiMode(serverUrl) {
  const wanted = process.env["VORTEX_E2E_UI"] || "auto";
  if (wanted === "server" || wanted === "dist") return wanted;
  const indexPath = join(DIST_DIR, "index.html");
  if (!existsSync(indexPath)) {
    throw new Error(`${indexPath} is missing: run \`npx vite build\` in web/ first`);
  }
  const built = await readFile(indexPath, "utf8");
  const served = await (await fetch(serverUrl)).text();
  return served === built ? "server" : "dist";
}

let modeNoticeShown = false;

/**
 * A server plus, when needed, the front that serves web/dist (see uiMode).
 * `url` is where the browser goes, `apiUrl` the server itself (for `fetch` from Node).
 */
export async function startStack(options = {}) {
  let server = await startVortex(options);
  const mode = await uiMode(server.url);
  const front = mode === "dist" ? await startFront({ distDir: DIST_DIR, backendPort: server.port }) : null;
  if (!modeNoticeShown) {
    modeNoticeShown = true;
    console.log(
      mode === "dist"
        ? `# e2e: testing web/dist through the Node front ${front.url} -> ${server.url} ` +
            (process.env["VORTEX_E2E_UI"] === "dist" ? "(VORTEX_E2E_UI=dist)" : "(the vortex binary embeds another build)")
        : `# e2e: testing the UI vortex serves at ${server.url} (same build as web/dist)`,
    );
  }
  return {
    mode,
    get server() {
      return server;
    },
    get url() {
      return front ? front.url : server.url;
    },
    get apiUrl() {
      return server.url;
    },
    /** Stops the server (SIGTERM); the front, if any, stays up. */
    async stopServer() {
      return server.stop();
    },
    /** Starts the server again on the same port, with the same files. */
    async startServerAgain() {
      server = await startVortex({ ...options, port: server.port, dir: server.dir });
      return server;
    },
    async stop() {
      await server.stop().catch(() => {});
      await front?.close();
      await rm(server.dir, { recursive: true, force: true });
    },
  };
}

/** GET /api/state from Node: the engine state as the server has it. */
export async function engineState(apiUrl) {
  const response = await fetch(new URL("api/state", apiUrl));
  if (!response.ok) throw new Error(`GET /api/state: HTTP ${response.status}`);
  return response.json();
}

// ---------------------------------------------------------------------------------------
// The browser

/**
 * Launches headless Chromium as a browser server, so the browser's PID is known (the
 * CPU measurement sums its process tree), and connects to it. `args` are added to the
 * command line (e.g. a fake microphone, see fakeMicrophoneArgs).
 */
export async function launchBrowser({ args = [] } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM)`);
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", ...args],
  });
  const pid = server.process().pid;
  children.add(server.process());
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    pid,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
      children.delete(server.process());
    },
  };
}

/**
 * Writes `<dir>/<name>.wav` with sox: `seconds` of mono 48 kHz 16-bit audio from
 * `synth` (sox's synth arguments after the length, e.g. "sine", "440", "vol", "0.5").
 * Returns its path.
 */
export function soxWav(dir, name, seconds, ...synth) {
  const path = join(dir, `${name}.wav`);
  execFileSync("sox", ["-n", "-r", "48000", "-b", "16", "-c", "1", path, "synth", String(seconds), ...synth]);
  return path;
}

/**
 * Chromium's flags that make `wav` the microphone (looped), granted without a prompt.
 * The page turns off echo cancellation, noise suppression and automatic gain itself.
 */
export function fakeMicrophoneArgs(wav) {
  return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-audio-capture=${wav}`];
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

/** A fresh context (own cache and storage), English, desktop size unless told. */
export function newContext(browser, { viewport = DESKTOP, ...rest } = {}) {
  return browser.newContext({ viewport, locale: "en-US", ...rest });
}

const pageErrors = new WeakMap();

/** Errors the page threw (uncaught) since it was opened by openPage. */
export function errorsOf(page) {
  return pageErrors.get(page) ?? [];
}

/** Opens `#/<name>` in a new tab of `context` and waits until it is connected. */
export async function openPage(context, baseUrl, name = "now", { timeoutMs = 15_000 } = {}) {
  const page = await context.newPage();
  const errors = [];
  pageErrors.set(page, errors);
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(new URL(`#/${name}`, baseUrl).href);
  await waitConnected(page, { timeoutMs });
  await waitPageRendered(page, name);
  // Let the page's own requests (device list, presets, folders) finish: controls that
  // appear with their answers must be there before the page is inspected.
  await page.waitForLoadState("networkidle", { timeout: timeoutMs }).catch(() => {});
  return page;
}

/** The connection status element's state: `data-status` and its text. */
export function connectionStatus(page) {
  return page.evaluate(() => {
    const el = document.querySelector("[data-testid=connection-status]");
    return el ? { status: el.getAttribute("data-status"), text: el.textContent.trim() } : null;
  });
}

/** Waits for the status "Connected" (data-status="open"). */
export async function waitConnected(page, { timeoutMs = 15_000 } = {}) {
  await waitFor(
    'the connection status "Connected" ([data-testid=connection-status][data-status=open])',
    async () => {
      const s = await connectionStatus(page);
      return { ok: s?.status === "open" && s.text === "Connected", seen: s ?? "no status element" };
    },
    { timeoutMs },
  );
}

/** Waits until the page's chunk has loaded (main holds something) and the nav marks it. */
export async function waitPageRendered(page, name, { timeoutMs = 10_000 } = {}) {
  await waitFor(
    `page #/${name} rendered (its nav link aria-current="page", main not empty)`,
    async () => {
      const seen = await page.evaluate((n) => {
        const link = document.querySelector(`[data-testid=nav-${n}]`);
        const main = document.querySelector("main");
        return {
          current: link?.getAttribute("aria-current") ?? null,
          mainChildren: main?.children.length ?? -1,
        };
      }, name);
      return { ok: seen.current === "page" && seen.mainChildren > 0, seen };
    },
    { timeoutMs },
  );
}

/**
 * Waits for a hook (`data-testid` selector) to exist; the error says it may be missing
 * from the page, which is how a page that does not provide it yet fails.
 */
export async function waitHook(page, selector, { timeoutMs = 10_000 } = {}) {
  await waitFor(
    `the hook ${selector} on ${new URL(page.url()).hash || "/"} (missing hook: the page may not provide it yet)`,
    async () => {
      const n = await page.locator(selector).count();
      return { ok: n > 0, seen: `${n} matching elements` };
    },
    { timeoutMs },
  );
  return page.locator(selector).first();
}

/** The text of a hook, trimmed (null when the hook is missing). */
export function hookText(page, selector) {
  return page.evaluate((s) => document.querySelector(s)?.textContent.trim() ?? null, selector);
}

// ---------------------------------------------------------------------------------------
// Artifacts

/** Saves a full-page screenshot as `<ARTIFACTS_DIR>/<name>.png`; returns the path. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Runs `fn`; when it throws, saves `<name>-failure.png` of `page` first (best effort). */
export async function shotOnFailure(page, name, fn) {
  try {
    return await fn();
  } catch (e) {
    const path = await screenshot(page, `${name}-failure`).catch(() => null);
    if (path && e instanceof Error) e.message += `\n(screenshot: ${path})`;
    throw e;
  }
}
