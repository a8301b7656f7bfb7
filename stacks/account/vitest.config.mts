import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Turbo runs several packages' suites at once on CI's two cores; property tests that capture
    // whole programs can then take well over vitest's 5 s default without being wrong.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
