// A stand-in for the UI that `vortex serve` embeds: serves web/dist as it is now and
// forwards the WebSocket (/ws), the API (/api/) and /metrics to a running server. The
// binary embeds web/dist when it is compiled, so without this a UI change could only be
// tested after a Rust rebuild. Same rules as the server's asset handler: `/` and paths
// without an extension get index.html (no-cache), other files a max-age.
//
// The backend port can change (restart tests); a dead backend gives 502 and closed
// WebSocket upgrades, as a stopped server would.

import { createServer, request } from "node:http";
import { connect } from "node:net";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

const isBackendPath = (path) => path === "/ws" || path.startsWith("/api/") || path === "/metrics";

/**
 * @param {{ distDir: string, backendPort: number }} options
 * @returns {Promise<{ url: string, backendPort: number, close(): Promise<void> }>}
 */
export async function startFront({ distDir, backendPort }) {
  const sockets = new Set();
  const front = { backendPort };

  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://front").pathname;
    if (isBackendPath(path)) return forward(req, res, front.backendPort);
    let file = path === "/" || !extname(path) ? "index.html" : decodeURIComponent(path.slice(1));
    file = normalize(file);
    if (file.startsWith("..") || file.startsWith(sep)) {
      res.writeHead(400).end();
      return;
    }
    try {
      const data = await readFile(join(distDir, file));
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": file === "index.html" ? "no-cache" : "public, max-age=3600",
      });
      res.end(data);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no such file: ${path}\n`);
    }
  });

  // WebSocket: the upgrade request is replayed to the backend as raw bytes, then the two
  // sockets are piped both ways; either side closing closes the other.
  server.on("upgrade", (req, socket, head) => {
    const upstream = connect(front.backendPort, "127.0.0.1");
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    const fail = () => {
      socket.destroy();
      upstream.destroy();
    };
    upstream.on("error", fail);
    socket.on("error", fail);
    upstream.on("connect", () => {
      let headText = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headText += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      }
      upstream.write(headText + "\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("end", () => socket.end());
    socket.on("end", () => upstream.end());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return Object.assign(front, {
    url: `http://127.0.0.1:${port}/`,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  });
}

function forward(req, res, backendPort) {
  const upstream = request(
    { host: "127.0.0.1", port: backendPort, method: req.method, path: req.url, headers: req.headers },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on("error", (e) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`backend unreachable: ${e.message}\n`);
  });
  req.pipe(upstream);
}
