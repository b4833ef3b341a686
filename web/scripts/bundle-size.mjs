// The JavaScript the browser may download, gzipped: every `dist/**/*.js` file compressed
// with node:zlib at level 9 (what a server sending gzip would send, at its best), summed.
// Fails (exit 1) above the budget. Run after `vite build`: `npm run size`.
//
// Budget: 250 KB = 250 000 bytes (decimal kB, as bundlers report sizes). Every chunk
// counts, lazily loaded pages included: a user who opens all four pages downloads them all.

import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const BUDGET_BYTES = 250_000;
export const DIST_DIR = fileURLToPath(new URL("../dist", import.meta.url));

/** Every `.js` file under `dir`, recursively (paths sorted, so the listing is stable). */
async function jsFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".js"))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/**
 * Raw and gzipped size of every JavaScript file under `distDir`, bytes.
 * @returns {Promise<{files: {path: string, rawBytes: number, gzipBytes: number}[], rawBytes: number, gzipBytes: number}>}
 */
export async function bundleSizes(distDir = DIST_DIR) {
  const files = [];
  for (const path of await jsFiles(distDir)) {
    const data = await readFile(path);
    files.push({
      path: relative(distDir, path),
      rawBytes: data.length,
      gzipBytes: gzipSync(data, { level: 9 }).length,
    });
  }
  const sum = (key) => files.reduce((total, f) => total + f[key], 0);
  return { files, rawBytes: sum("rawBytes"), gzipBytes: sum("gzipBytes") };
}

const kB = (bytes) => (bytes / 1000).toFixed(1);

async function main() {
  let sizes;
  try {
    sizes = await bundleSizes();
  } catch (e) {
    console.error(`bundle-size: cannot read ${DIST_DIR} (${e.message}); run \`npx vite build\` first`);
    return 1;
  }
  if (sizes.files.length === 0) {
    console.error(`bundle-size: no .js files under ${DIST_DIR}; run \`npx vite build\` first`);
    return 1;
  }
  const width = Math.max(...sizes.files.map((f) => f.path.length));
  for (const f of sizes.files) {
    console.log(`${f.path.padEnd(width)}  ${kB(f.rawBytes).padStart(8)} kB  gzip ${kB(f.gzipBytes).padStart(7)} kB`);
  }
  const verdict = sizes.gzipBytes <= BUDGET_BYTES ? "within" : "OVER";
  console.log(
    `total ${sizes.files.length} files: ${kB(sizes.rawBytes)} kB, gzip ${kB(sizes.gzipBytes)} kB ` +
      `(${verdict} the budget of ${kB(BUDGET_BYTES)} kB gzipped)`,
  );
  return sizes.gzipBytes <= BUDGET_BYTES ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
