#!/usr/bin/env node
// The `berth` command: see src/cli.ts. Built output lives in dist/ (run `pnpm build`).
// First the Pulumi SDK range check (src/sdk-version.ts), before anything loads the SDK.
const sdkProblem = require("../dist/sdk-version.js").checkPulumiSdk();
if (sdkProblem) {
  process.stderr.write(`error: ${sdkProblem}\n`);
  process.exit(2);
}
const { main } = require("../dist/cli.js");

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
