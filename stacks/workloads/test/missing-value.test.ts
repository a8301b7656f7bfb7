// A missing cross-stack value fails the plan, naming the stack, the output and where to add it
// (issue 16): the workloads layer used to fall back to "missing-repository-<name>".
import * as path from "node:path";
import { planEnvironment } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { program } from "../src/program";

const root = path.resolve(__dirname, "..", "..", "..");
const repo = (name: string) => ({
  url: `123456789012.dkr.ecr.us-east-1.amazonaws.com/dev/${name}`,
  arn: `arn:aws:ecr:us-east-1:123456789012:repository/dev/${name}`,
});

describe("workloads layer with a repository missing from the platform stack", () => {
  it("fails the plan naming the stack, the output and the config key to add", async () => {
    const run = planEnvironment({
      env: "dev",
      root,
      layer: ["workloads"],
      programs: { workloads: program },
      stackOutputs: {
        "organization/berth-platform/dev": {
          vpcId: "vpc-0123456789abcdef0",
          privateSubnetIds: ["subnet-0aaa", "subnet-0bbb"],
          publicSubnetIds: ["subnet-0ddd", "subnet-0eee"],
          ecsClusterName: "berth-dev",
          ecsClusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/berth-dev",
          spotCapacityProviderName: "spot-provider-0abc",
          spotSecurityGroupId: "sg-0spot",
          spotArchitecture: "arm64",
          // "jobs" is missing.
          repositories: { web: repo("web"), worker: repo("worker") },
          repositoryUrls: {},
          serviceNetworkId: "sn-0123456789abcdef0",
          serviceNetworkArn: "arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/sn-0123456789abcdef0",
          latticeClientSecurityGroupId: "sg-0lattice",
        },
      },
      policies: false,
      cost: false,
      time: false,
    });
    await expect(run).rejects.toThrow(
      'Invalid arguments for pulumi:pulumi:StackReference "organization/berth-platform/dev":\n' +
        "  - outputs.repositories.jobs: got undefined; allowed: a repository the platform stack exports (it exports: web, worker). " +
        'Hint: add "- name: jobs" under berth-platform:repositories in stacks/platform/Pulumi.dev.yaml',
    );
  });
});
