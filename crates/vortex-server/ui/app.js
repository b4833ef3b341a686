// Vortex interim UI: one WebSocket, no dependencies. The engine is the source of truth:
// controls follow snapshot/state_changed; monitor data is drawn once per animation frame.
const $ = (id) => document.getElementById(id);
const SILENT = -199;
const reduceMotion = matchMedia("(prefers-reduced-motion: reduce)");

let ws = null;
let nextId = 0;
let backoff = 500;
let retryTimer = 0;
let state = null;
let mon = null; // latest monitor frame
let monDirty = false;
let spec = null; // {db: Float32Array, binHz}
let specDirty = false;
const busy = new Set(); // inputs being dragged: not overwritten by server state

// ---------- connection ----------
function wsUrl() {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const token = new URLSearchParams(location.search).get("token");
  return `${proto}//${location.host}/ws` + (token ? `?token=${encodeURIComponent(token)}` : "");
}

function connect() {
  clearTimeout(retryTimer);
  let sock;
  try { sock = new WebSocket(wsUrl()); } catch { return scheduleReconnect(); }
  ws = sock;
  sock.binaryType = "arraybuffer";
  sock.onopen = () => {
    backoff = 500;
    setConn("connected", "ok");
    $("offline").hidden = true;
    send({
      type: "set_monitoring",
      rate_hz: 30,
      streams: { levels: true, loudness: true, spectrum: true, pitch: true, metrics: true },
    });
  };
  sock.onmessage = (ev) => {
    if (ev.data instanceof ArrayBuffer) return onSpectrum(ev.data);
    let msg;
    try { msg = JSON.parse(ev.data); } catch { return; }
    if (msg && msg.payload) onMessage(msg.payload);
  };
  sock.onclose = () => {
    if (ws !== sock) return;
    ws = null;
    mon = null;
    spec = null;
    monDirty = specDirty = true;
    scheduleReconnect();
  };
}

function scheduleReconnect() {
  const s = (backoff / 1000).toFixed(1);
  setConn(`reconnecting in ${s} s`, "warn");
  $("offline").hidden = false;
  retryTimer = setTimeout(connect, backoff);
  backoff = Math.min(backoff * 2, 10000);
}

function setConn(text, cls) {
  for (const el of document.querySelectorAll("main button, main input")) el.disabled = cls !== "ok";
  const el = $("conn");
  el.textContent = text;
  el.className = "pill " + cls;
}

function send(payload) {
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    showMsg("Not connected: command not sent.", true);
    return false;
  }
  ws.send(JSON.stringify({ message_id: ++nextId, timestamp: Date.now(), payload }));
  return true;
}

// At most one command per `ms` per key; the last value always goes out.
const throttles = new Map();
function sendThrottled(key, payload, ms = 60) {
  const t = throttles.get(key);
  if (t) return void (t.pending = payload);
  send(payload);
  const entry = { pending: null };
  throttles.set(key, entry);
  const tick = () => {
    if (entry.pending) {
      send(entry.pending);
      entry.pending = null;
      entry.timer = setTimeout(tick, ms);
    } else {
      throttles.delete(key);
      if (state) applyState(state);
    }
  };
  entry.timer = setTimeout(tick, ms);
}

// ---------- messages ----------
function onMessage(p) {
  switch (p.type) {
    case "welcome":
      $("ver").textContent = `server ${p.server_version} · protocol ${p.protocol_version}`;
      break;
    case "snapshot":
    case "state_changed":
      state = p.state;
      applyState(state);
      break;
    case "monitor":
      mon = p;
      monDirty = true;
      break;
    case "event":
      onEvent(p.event || {});
      break;
    case "error": {
      const path = p.context && p.context.path ? ` (${p.context.path})` : "";
      showMsg(`Error ${p.code}: ${p.message}${path}`, true);
      break;
    }
  }
}

function onEvent(e) {
  const text = {
    track_changed: () => `Now playing ${e.path}`,
    file_skipped: () => `Skipped item ${e.item}: ${e.message}`,
    driver_fallback: () => `Driver fallback: ${e.message}`,
    gpu_fallback: () => `GPU fallback (${e.node}): ${e.message}`,
    buffer_pool_exhausted: () => `Buffer pool exhausted (${e.frames} frames)`,
    end_of_stream: () => "End of stream",
    pipeline_changed: () => "Pipeline changed",
    notice: () => e.message,
  }[e.kind];
  if (text) showMsg(text(), false);
}

function showMsg(text, isError) {
  const el = $("msg");
  el.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  el.classList.toggle("error", isError);
}

// ---------- state → controls ----------
function applyState(s) {
  const playing = s.transport === "playing";
  const play = $("play");
  play.textContent = playing ? "❚❚" : "▶";
  play.setAttribute("aria-label", playing ? "Pause" : "Play");
  play.title = playing ? "Pause" : "Play";
  document.body.dataset.transport = s.transport;

  const vol = $("vol");
  if (!busy.has(vol) && !throttles.has("vol")) vol.value = Math.max(-60, s.volume_db);
  $("volv").textContent = `${s.volume_db.toFixed(1)} dB`;
  const mute = $("mute");
  mute.setAttribute("aria-pressed", String(s.muted));
  mute.textContent = s.muted ? "Muted" : "Mute";

  const item = (s.playlist || []).find((e) => e.item === s.current_item);
  $("title").textContent = item ? item.title || item.path : s.source || "—";
  $("source").textContent = `Source: ${s.source || "—"}`;
  const o = s.output || {};
  $("output").textContent =
    `Output: ${o.sink} (${o.driver}) · ${o.sample_rate} Hz · ${o.channels} ch · ` +
    `${o.block_frames} frames · ${Number(o.latency_ms).toFixed(1)} ms`;
  if (!mon) $("pos").textContent = fmtTime(s.position_s);
  applyEq(s.pipeline && s.pipeline.filters);
}

function applyEq(filters) {
  const names = Object.entries(filters || {})
    .filter(([, f]) => f && typeof f.gain === "number" && f.scale !== "linear")
    .map(([n]) => n);
  const box = $("eqs");
  $("eq").hidden = names.length === 0;
  if (box.dataset.names !== names.join(",")) {
    box.dataset.names = names.join(",");
    box.replaceChildren(...names.map(eqRow));
  }
  for (const n of names) {
    const input = $(`eq-${n}`);
    const g = filters[n].gain;
    if (!busy.has(input) && !throttles.has(`eq-${n}`)) input.value = g;
    $(`eqv-${n}`).textContent = `${g > 0 ? "+" : ""}${g.toFixed(1)} dB`;
  }
}

function eqRow(name) {
  const row = document.createElement("div");
  row.className = "row";
  const label = Object.assign(document.createElement("label"), { htmlFor: `eq-${name}`, textContent: name });
  const input = document.createElement("input");
  Object.assign(input, { type: "range", id: `eq-${name}`, min: -12, max: 12, step: 0.5 });
  input.setAttribute("aria-label", `${name} gain, dB`);
  const out = Object.assign(document.createElement("output"), { id: `eqv-${name}`, className: "num" });
  trackDrag(input);
  input.addEventListener("input", () =>
    sendThrottled(
      `eq-${name}`,
      { type: "set_filter_parameter", filter: name, parameter: "gain", value: Number(input.value) },
      120,
    ),
  );
  row.append(label, input, out);
  return row;
}

function trackDrag(input) {
  input.addEventListener("pointerdown", () => busy.add(input));
}
addEventListener("pointerup", release);
addEventListener("pointercancel", release);
function release() {
  if (busy.size === 0) return;
  busy.clear();
  if (state) setTimeout(() => state && applyState(state), 200);
}

// ---------- controls → commands ----------
for (const [id, action] of [["prev", "previous"], ["play", "toggle"], ["stop", "stop"], ["next", "next"]]) {
  $(id).addEventListener("click", () => send({ type: "transport", action }));
}
$("mute").addEventListener("click", () => send({ type: "set_mute", muted: !(state && state.muted) }));
$("reset-meters").addEventListener("click", () => send({ type: "reset_meters" }));
trackDrag($("vol"));
$("vol").addEventListener("input", (e) =>
  sendThrottled("vol", { type: "set_volume", db: Number(e.target.value) }),
);
addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, button, select, textarea")) return;
  if (e.key === " ") {
    e.preventDefault();
    send({ type: "transport", action: "toggle" });
  } else if (e.key === "m" || e.key === "M") {
    $("mute").click();
  }
});

// ---------- spectrum frames ----------
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function onSpectrum(buf) {
  if (buf.byteLength < 32) return;
  const v = new DataView(buf);
  if (v.getUint32(0, false) !== 0x56585350 || v.getUint8(4) !== 1 || v.getUint8(5) !== 0) return;
  const ch = v.getUint16(6, true);
  const bins = v.getUint32(8, true);
  const rate = v.getUint32(12, true);
  const fft = v.getUint32(16, true);
  if (!ch || !bins || !fft || buf.byteLength < 32 + ch * bins * 4) return;
  const get = LE ? ((a) => (i) => a[i])(new Float32Array(buf, 32, ch * bins)) : (i) => v.getFloat32(32 + i * 4, true);
  const db = spec && spec.db.length === bins ? spec.db : new Float32Array(bins);
  for (let k = 0; k < bins; k++) {
    let p = 0;
    for (let c = 0; c < ch; c++) p += 10 ** (get(c * bins + k) / 10);
    db[k] = p > 0 ? 10 * Math.log10(p / ch) : -200;
  }
  spec = { db, binHz: rate / fft };
  specDirty = true;
}

// ---------- drawing ----------
const canvas = $("spec");
const ctx = canvas.getContext("2d");
let colors = {};
function readColors() {
  const cs = getComputedStyle(document.documentElement);
  for (const k of ["fg", "dim", "grid", "accent", "fill"]) colors[k] = cs.getPropertyValue(`--${k}`).trim();
  specDirty = true;
}
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", readColors);
addEventListener("load", readColors);
readColors();

function sizeCanvas() {
  const dpr = devicePixelRatio || 1;
  const r = canvas.getBoundingClientRect();
  canvas.width = Math.max(1, Math.round(r.width * dpr));
  canvas.height = Math.max(1, Math.round(r.height * dpr));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  specDirty = true;
}
new ResizeObserver(sizeCanvas).observe(canvas);

const F_LO = 20, F_HI = 20000, DB_LO = -120;
function drawSpectrum() {
  const w = canvas.width / (devicePixelRatio || 1);
  const h = canvas.height / (devicePixelRatio || 1);
  const xOf = (f) => (Math.log10(f / F_LO) / Math.log10(F_HI / F_LO)) * w;
  const yOf = (db) => (Math.min(0, Math.max(DB_LO, db)) / DB_LO) * h;
  ctx.clearRect(0, 0, w, h);
  ctx.font = "11px system-ui, sans-serif";
  ctx.lineWidth = 1;
  ctx.strokeStyle = colors.grid;
  ctx.fillStyle = colors.dim;
  ctx.beginPath();
  for (const f of [50, 100, 200, 500, 1000, 2000, 5000, 10000]) {
    const x = Math.round(xOf(f)) + 0.5;
    ctx.moveTo(x, 0);
    ctx.lineTo(x, h);
  }
  for (let db = -20; db > DB_LO; db -= 20) {
    const y = Math.round(yOf(db)) + 0.5;
    ctx.moveTo(0, y);
    ctx.lineTo(w, y);
    ctx.fillText(`${db}`, 3, y - 3);
  }
  ctx.stroke();
  for (const [f, t] of [[100, "100"], [1000, "1k"], [10000, "10k"]]) ctx.fillText(t, xOf(f) + 3, h - 4);
  ctx.fillText("dBFS", 3, 12);
  if (!spec) return;
  const { db, binHz } = spec;
  const n = db.length;
  const at = (k) => {
    const i = Math.floor(k);
    if (i >= n - 1) return db[n - 1];
    return db[i] + (db[i + 1] - db[i]) * (k - i);
  };
  ctx.beginPath();
  ctx.moveTo(0, h);
  for (let x = 0; x <= w; x++) {
    const k0 = (F_LO * (F_HI / F_LO) ** (x / w)) / binHz;
    const k1 = (F_LO * (F_HI / F_LO) ** ((x + 1) / w)) / binHz;
    let v;
    if (k1 - k0 < 1) v = at(k0);
    else {
      v = -200;
      for (let k = Math.floor(k0); k < Math.min(n, Math.ceil(k1)); k++) v = Math.max(v, db[k]);
    }
    ctx.lineTo(x, yOf(v));
  }
  ctx.lineTo(w, h);
  ctx.closePath();
  ctx.fillStyle = colors.fill;
  ctx.fill();
  ctx.strokeStyle = colors.accent;
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

// ---------- monitor → DOM ----------
const fmtDb = (v) => (v == null || v <= SILENT ? "−∞" : v.toFixed(1));
const fmtLu = (v) => (v == null || v <= SILENT ? "—" : v.toFixed(1));
const frac = (db) => Math.min(1, Math.max(0, (db + 60) / 60));
function fmtTime(s) {
  if (s == null) return "";
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

let chanEls = [];
function buildChannels(n) {
  const names = n === 2 ? ["L", "R"] : Array.from({ length: n }, (_, i) => `${i + 1}`);
  chanEls = names.map((name) => {
    const row = document.createElement("div");
    row.className = "chan";
    row.innerHTML =
      `<span class="cn">${name}</span><div class="bar" role="meter" aria-label="Channel ${name} level" ` +
      `aria-valuemin="-60" aria-valuemax="0"><span class="peak"></span><span class="rms"></span>` +
      `<span class="hold"></span></div><span class="vals num"></span><span class="clip">CLIP</span>`;
    const q = (s) => row.querySelector(s);
    return { row, bar: q(".bar"), rms: q(".rms"), peak: q(".peak"), hold: q(".hold"), vals: q(".vals"), clip: q(".clip") };
  });
  $("chans").replaceChildren(...chanEls.map((c) => c.row));
}

function renderMonitor() {
  const m = mon || {};
  const levels = m.levels || [];
  if (levels.length !== chanEls.length) buildChannels(levels.length);
  levels.forEach((l, i) => {
    const c = chanEls[i];
    c.rms.style.transform = `scaleX(${frac(l.rms_db)})`;
    c.peak.style.transform = `scaleX(${frac(l.peak_db)})`;
    c.hold.style.left = `${frac(l.peak_hold_db) * 100}%`;
    c.bar.setAttribute("aria-valuenow", Math.max(-60, l.rms_db).toFixed(0));
    c.vals.textContent = `RMS ${fmtDb(l.rms_db)} · Pk ${fmtDb(l.peak_db)} · TP ${fmtDb(l.true_peak_db)}`;
    c.clip.classList.toggle("on", l.clips > 0);
    c.clip.title = `${l.clips} clipped samples`;
    c.row.dataset.class = l.class;
  });
  const L = m.loudness || {};
  $("lm").textContent = fmtLu(L.momentary_lufs);
  $("ls").textContent = fmtLu(L.short_term_lufs);
  $("li").textContent = fmtLu(L.integrated_lufs);
  $("lr").textContent = fmtLu(L.range_lu);

  const p = m.pitch;
  const voiced = !!(p && p.voiced && p.note);
  $("tuner").classList.toggle("unvoiced", !voiced);
  if (voiced) {
    const cents = p.cents ?? 0;
    $("note").textContent = p.note;
    $("needle").style.left = `${50 + Math.max(-50, Math.min(50, cents))}%`;
    $("needle").classList.toggle("intune", Math.abs(cents) <= 5);
    $("f0").textContent = `${p.f0_hz.toFixed(1)} Hz`;
    $("cents").textContent = `${cents > 0 ? "+" : ""}${cents.toFixed(0)} ct`;
  }
  $("conf").textContent = p ? `${Math.round(p.confidence * 100)}%` : "—";

  const x = m.metrics;
  const pct = (v, d) => `${(v * 100).toFixed(d)} %`;
  for (const [id, f] of [["load", () => pct(x.load, 1)], ["loadmax", () => pct(x.load_max, 1)],
    ["under", () => x.underruns], ["xruns", () => x.xruns], ["fill", () => pct(x.buffer_fill, 0)],
    ["lat", () => `${x.latency_ms.toFixed(1)} ms`]]) $(id).textContent = x ? f() : "—";
  $("health").classList.toggle("bad", !!x && (x.load > 0.8 || x.underruns > 0));
  if (x) $("pos").textContent = fmtTime(x.position_s);
}

// Reduced motion: redraw at most ~10 times a second instead of every frame.
let lastDraw = 0;
function frame(t) {
  if (!reduceMotion.matches || t - lastDraw >= 100) {
    if (monDirty) {
      monDirty = false;
      renderMonitor();
    }
    if (specDirty) {
      specDirty = false;
      drawSpectrum();
    }
    lastDraw = t;
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
setConn("connecting…", "warn");
connect();
