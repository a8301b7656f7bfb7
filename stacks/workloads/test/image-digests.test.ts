import { readFileSync } from "node:fs";
import * as path from "node:path";
import { capture } from "@berth/plan";
import { parseConfig, rawConfig } from "@berth/stack-config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { workloadsConfigSchema } from "../src/config";
import { program } from "../src/program";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const repo = (name: string) => ({
  url: `123456789012.dkr.ecr.us-east-1.amazonaws.com/dev/${name}`,
  arn: `arn:aws:ecr:us-east-1:123456789012:repository/dev/${name}`,
});
const platform = {
  "acme/berth-platform/dev": {
    vpcId: "vpc-0123456789abcdef0",
    privateSubnetIds: ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"],
    publicSubnetIds: ["subnet-0ddd", "subnet-0eee", "subnet-0fff"],
    ecsClusterName: "berth-dev",
    ecsClusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/berth-dev",
    spotCapacityProviderName: "spot-provider-0abc",
    spotSecurityGroupId: "sg-0spot",
    spotArchitecture: "arm64",
    repositories: { web: repo("web"), worker: repo("worker"), jobs: repo("jobs") },
    repositoryUrls: {},
    serviceNetworkId: "sn-0123456789abcdef0",
    serviceNetworkArn: "arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/sn-0123456789abcdef0",
    latticeClientSecurityGroupId: "sg-0lattice",
  },
};

/** The dev stack file's config, with `imageDigests` as the images workflow writes it. */
function devConfig(imageDigests: Record<string, string>): Record<string, unknown> {
  const file = parse(readFileSync(path.join(__dirname, "..", "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  return { ...file.config, "berth-workloads:imageDigests": imageDigests };
}

const images = (graph: Awaited<ReturnType<typeof capture>>) =>
  Object.fromEntries(
    graph.resources
      .filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")
      .map((r) => [
        r.name,
        (JSON.parse(String(r.inputs["containerDefinitions"])) as Array<{ image: string }>).map(
          (c) => c.image,
        ),
      ]),
  );

describe("image digests set by the pipeline", () => {
  it("run the images that have one by digest, the others by the configured tag", async () => {
    const graph = await capture(program, {
      organization: "acme",
      project: "berth-workloads",
      stack: "dev",
      config: devConfig({ web: DIGEST }),
      stackOutputs: platform,
    });
    const byName = images(graph);
    expect(byName["web-taskdef"]).toEqual([`${repo("web").url}@${DIGEST}`]);
    expect(byName["worker-taskdef"]).toEqual([`${repo("worker").url}:1.4.2`]);
    expect(byName["orders-taskdef"]).toEqual([`${repo("web").url}@${DIGEST}`]);
  });

  it("reject a value that is not a digest, naming the key", () => {
    const raw = rawConfig("berth-workloads", {
      "berth-workloads:imageDigests": '{"web":"latest","api":"x"}',
    });
    expect(() => parseConfig(workloadsConfigSchema, raw, "berth-workloads", "berth-workloads/dev")).toThrow(
      /berth-workloads:imageDigests\.web: got "latest"; allowed: an image digest, sha256: and 64 hexadecimal digits/,
    );
    expect(() => parseConfig(workloadsConfigSchema, raw, "berth-workloads", "berth-workloads/dev")).toThrow(
      /berth-workloads:imageDigests\.api: got "x"; allowed: no such key/,
    );
  });
});
