import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Ec2ServiceArgs,
  type ManagedInstancesCapacityArgs,
  resolveEc2ServiceArgs,
  resolveManagedInstancesCapacityArgs,
  resolveSpotCapacityArgs,
  type SpotCapacityArgs,
} from "../src";

const README = readFileSync(join(__dirname, "..", "README.md"), "utf8");
const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/apps";
const LISTENER =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210";

/** The rows of the argument table under `## \`<component>\` arguments`. */
function tableRows(readme: string, component: string): string[][] {
  const start = readme.indexOf(`## \`${component}\` arguments`);
  if (start < 0) throw new Error(`no arguments section for ${component}`);
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  return section
    .split("\n")
    .filter((l) => l.startsWith("| `"))
    .map((l) => l.split(" | ").map((c) => c.replace(/^\| /, "")));
}

/** A backticked JSON scalar (`30`, `true`, `"arm64"`, `[]`, `{}`), or undefined for prose. */
function literal(cell: string): { value: unknown } | undefined {
  const m = /^`([^`]+)`/.exec(cell.trim());
  if (!m) return undefined;
  try {
    return { value: JSON.parse(m[1] as string) };
  } catch {
    return undefined;
  }
}

/** Every scalar default the README states, paired with what resolve filled in. */
function compare(readme: string, component: string, resolved: Record<string, unknown>) {
  const pairs: { arg: string; readme: unknown; resolved: unknown }[] = [];
  for (const [names, defaults] of tableRows(readme, component)) {
    const args = [...(names ?? "").matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1] as string);
    const cells = args.length === 1 ? [defaults ?? ""] : (defaults ?? "").split(", ");
    if (cells.length !== args.length) continue;
    args.forEach((arg, i) => {
      // resolve holds the tags merged with Berth's own; the argument's default is the caller's `{}`.
      if (arg === "tags") return;
      const stated = literal(cells[i] as string);
      if (stated) pairs.push({ arg, readme: stated.value, resolved: resolved[arg] });
    });
  }
  return pairs;
}

const spot: SpotCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  maxSize: 10,
};
const managed: ManagedInstancesCapacityArgs = {
  clusterName: "apps",
  clusterArn: CLUSTER_ARN,
  vpcId: "vpc-1",
  subnetIds: ["subnet-a"],
};
const service: Ec2ServiceArgs = {
  clusterArn: CLUSTER_ARN,
  clusterName: "apps",
  capacity: { capacityProviderName: "workers-provider", securityGroupId: "sg-instances" },
  containers: [{ name: "web", image: "nginx:1.27", memory: 256, portMappings: [{ containerPort: 8080 }] }],
  vpcId: "vpc-1",
  // The grace period's default applies with a load balancer.
  loadBalancer: { listenerArn: LISTENER, securityGroupId: "sg-alb", containerPort: 8080, priority: 10 },
};

describe("the README's argument tables state the defaults resolve fills in", () => {
  it.each([
    ["SpotCapacity", () => resolveSpotCapacityArgs("workers", spot), 19],
    ["ManagedInstancesCapacity", () => resolveManagedInstancesCapacityArgs("managed", managed), 8],
    ["Ec2Service", () => resolveEc2ServiceArgs("web", service), 10],
  ] as const)("%s", (component, resolve, atLeast) => {
    const pairs = compare(README, component, resolve() as unknown as Record<string, unknown>);
    expect(pairs.length).toBeGreaterThanOrEqual(atLeast);
    expect(pairs.filter((p) => JSON.stringify(p.readme) !== JSON.stringify(p.resolved))).toEqual([]);
  });

  it("a README default that disagrees with resolve is found", () => {
    const wrong = README.replace(
      "| `containerStopTimeoutSeconds` | `30` |",
      "| `containerStopTimeoutSeconds` | `31` |",
    );
    expect(wrong).not.toBe(README);
    const pairs = compare(
      wrong,
      "SpotCapacity",
      resolveSpotCapacityArgs("workers", spot) as unknown as Record<string, unknown>,
    );
    expect(pairs.filter((p) => JSON.stringify(p.readme) !== JSON.stringify(p.resolved))).toEqual([
      { arg: "containerStopTimeoutSeconds", readme: 31, resolved: 30 },
    ]);
  });
});
