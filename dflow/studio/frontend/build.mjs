// One build command: `npm ci && npm run build` bundles src/ into ../static/studio.js and writes
// ../static/STAMP, the digest of what it was built from (tests/test_studio_bundle.py checks it).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const sources = ["build.mjs", "package.json", "package-lock.json", ...readdirSync(join(here, "src")).sort().map((name) => `src/${name}`)];
const digest = createHash("sha256");
for (const name of sources) {
  digest.update(name + "\0");
  digest.update(readFileSync(join(here, name)));
  digest.update("\0");
}
await build({
  entryPoints: [join(here, "src/main.js")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  legalComments: "linked",
  outfile: join(here, "../static/studio.js"),
});
writeFileSync(join(here, "../static/STAMP"), digest.digest("hex") + "\n");
console.log("built ../static/studio.js");
