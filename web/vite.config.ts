import { fileURLToPath } from "node:url";
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vitest/config";

// The protocol's JSON Schemas live in the repository's docs; the UI imports them as
// `@protocol/server.schema.json`, so there is one copy and the build follows them.
const protocolDir = fileURLToPath(new URL("../docs/protocol", import.meta.url));
// `npm run dev` forwards the protocol and the API to a running `vortex serve`.
const engine = process.env["VORTEX_URL"] ?? "http://127.0.0.1:8717";

export default defineConfig({
  // Relative asset URLs: the built page works wherever `vortex serve` mounts it.
  base: "./",
  plugins: [vue()],
  resolve: {
    alias: { "@protocol": protocolDir },
  },
  server: {
    fs: { allow: [fileURLToPath(new URL(".", import.meta.url)), protocolDir] },
    proxy: {
      "/ws": { target: engine, ws: true },
      "/api": engine,
      "/metrics": engine,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
  test: {
    include: ["src/**/*.test.ts"],
    benchmark: { include: ["src/**/*.bench.ts"] },
    environment: "node",
  },
});
