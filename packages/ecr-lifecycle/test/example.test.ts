import { readFileSync } from "node:fs";
import { join } from "node:path";
import { capture } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { program } from "../examples/basic";

const root = join(__dirname, "..");

describe("README example", () => {
  it("the README shows examples/basic.ts as a user imports it", () => {
    // Compared without whitespace and commas: the longer package import wraps differently.
    const squash = (text: string) => text.replace(/[\s,]+/g, "");
    const example = readFileSync(join(root, "examples/basic.ts"), "utf8").replace(
      'from "../src"',
      'from "@berth/ecr-lifecycle"',
    );
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    expect(squash(block)).toBe(squash(example));
  });

  it("runs under the mock engine and creates what the README lists", async () => {
    const graph = await capture(program);
    expect(graph.countsByType()).toEqual(
      expect.arrayContaining([
        { type: "berth:ecr:Repository", count: 1 },
        { type: "aws:ecr/repository:Repository", count: 1 },
        { type: "aws:ecr/lifecyclePolicy:LifecyclePolicy", count: 1 },
        { type: "aws:ecr/repositoryPolicy:RepositoryPolicy", count: 1 },
        { type: "berth:ecr:RegistrySettings", count: 1 },
        { type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", count: 1 },
        { type: "aws:ecr/replicationConfiguration:ReplicationConfiguration", count: 1 },
        { type: "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", count: 2 },
        { type: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", count: 2 },
      ]),
    );
    expect(graph.resources.filter((r) => r.custom).length).toBe(9);
    expect(graph.stackOutputs).toEqual({
      repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web",
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:v1.4.2",
    });
    const lifecycle = JSON.parse(
      graph.one("aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs["policy"] as string,
    ) as {
      rules: Array<{ rulePriority: number; description: string }>;
    };
    expect(lifecycle.rules.map((r) => `${r.rulePriority} ${r.description}`)).toEqual([
      "1 Keep the last 20 release images (v*)",
      "2 Keep the last 10 images tagged dev-*",
      "3 Expire untagged images older than 3 days",
      "4 Keep the last 200 images",
    ]);
  });
});
