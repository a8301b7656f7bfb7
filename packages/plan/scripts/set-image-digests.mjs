#!/usr/bin/env node
// Writes image digests into a workloads stack file (`berth-workloads:imageDigests`), keeping the
// file's comments and layout: the images workflow's only change to the infrastructure code.
// Usage: node packages/plan/scripts/set-image-digests.mjs <Pulumi.<env>.yaml> <image>=<digest>...
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";

export const DIGEST = /^sha256:[0-9a-f]{64}$/;
const KEY = "berth-workloads:imageDigests";

/**
 * The stack file `text` with `digests` (image repository name → digest) merged into
 * `berth-workloads:imageDigests`. Throws on a value that is not a digest.
 */
export function setImageDigests(text, digests) {
  for (const [image, digest] of Object.entries(digests)) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(image))
      throw new Error(`image name: got "${image}"; allowed: a repository name such as web`);
    if (!DIGEST.test(digest))
      throw new Error(
        `${image}: got "${digest}"; allowed: an image digest, sha256: and 64 hexadecimal digits`,
      );
  }
  const doc = parseDocument(text);
  if (!doc.has("config")) throw new Error("not a Pulumi stack file: no config");
  for (const [image, digest] of Object.entries(digests)) doc.setIn(["config", KEY, image], digest);
  return doc.toString();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, ...pairs] = process.argv.slice(2);
  if (!file || pairs.length === 0) {
    console.error("usage: set-image-digests.mjs <Pulumi.<env>.yaml> <image>=<digest>...");
    process.exit(2);
  }
  const digests = Object.fromEntries(
    pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]),
  );
  try {
    writeFileSync(file, setImageDigests(readFileSync(file, "utf8"), digests));
  } catch (err) {
    console.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
