import * as path from "node:path";
import { type GraphResource, type PlanReport, planEnvironment } from "@berth/plan";
import { parseConfig, rawConfig } from "@berth/stack-config";
import { describe, expect, it } from "vitest";
import { networkConfigSchema } from "../src/config";
import { program } from "../src/program";

const root = path.resolve(__dirname, "..", "..", "..");

function plan(env: string): Promise<PlanReport> {
  return planEnvironment({
    env,
    root,
    layer: ["network"],
    programs: { network: program },
    cost: false,
    time: false,
  });
}

const byType = (r: PlanReport, type: string): GraphResource[] =>
  r.layers[0]?.graph.resources.filter((x) => x.type === type) ?? [];

describe.each(["dev", "staging", "prod"])("network layer, %s", (env) => {
  it("plans with no mandatory policy violation and exports what later layers read", async () => {
    const r = await plan(env);
    expect(r.policies.ran).toBe(true);
    const mandatory = r.layers[0]?.violations.filter((v) => v.level === "mandatory") ?? [];
    expect(mandatory.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    const out = r.layers[0]?.graph.stackOutputs ?? {};
    expect(Object.keys(out).sort()).toEqual(
      expect.arrayContaining(["privateSubnetIds", "publicSubnetIds", "vpcCidr", "vpcId"]),
    );
    expect(out["privateSubnetIds"]).toHaveLength(3);
  });
});

describe("network layer: environments differ only in config", () => {
  it("dev: one NAT gateway, only the free S3 gateway endpoint, short flow-log retention, nothing protected", async () => {
    const r = await plan("dev");
    const vpc = byType(r, "awsx:ec2:Vpc")[0];
    expect(vpc?.inputs["natGateways"]).toEqual({ strategy: "Single" });
    expect(vpc?.inputs["numberOfAvailabilityZones"]).toBe(3);
    expect(byType(r, "aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => e.name)).toEqual(["s3"]);
    expect(byType(r, "aws:cloudwatch/logGroup:LogGroup")[0]?.inputs["retentionInDays"]).toBe(7);
    expect(r.layers[0]?.graph.resources.filter((x) => x.options.protect)).toEqual([]);
  });

  it("prod: one NAT per zone, ECR/S3/Logs endpoints, a year of flow logs, VPC and log group protected", async () => {
    const r = await plan("prod");
    const vpc = byType(r, "awsx:ec2:Vpc")[0];
    expect(vpc?.inputs["natGateways"]).toEqual({ strategy: "OnePerAz" });
    expect(vpc?.options.protect).toBe(true);
    const endpoints = byType(r, "aws:ec2/vpcEndpoint:VpcEndpoint");
    expect(
      endpoints.map((e) => [e.name, e.inputs["serviceName"], e.inputs["vpcEndpointType"]]).sort(),
    ).toEqual([
      ["ecr-api", "com.amazonaws.us-east-1.ecr.api", "Interface"],
      ["ecr-dkr", "com.amazonaws.us-east-1.ecr.dkr", "Interface"],
      ["logs", "com.amazonaws.us-east-1.logs", "Interface"],
      ["s3", "com.amazonaws.us-east-1.s3", "Gateway"],
    ]);
    const s3 = endpoints.find((e) => e.name === "s3");
    expect(s3?.inputs["routeTableIds"]).toHaveLength(5);
    const logs = byType(r, "aws:cloudwatch/logGroup:LogGroup")[0];
    expect(logs?.inputs["retentionInDays"]).toBe(365);
    expect(logs?.options.protect).toBe(true);
    // Interface endpoints accept HTTPS from the VPC's own range only.
    const sg = byType(r, "aws:ec2/securityGroup:SecurityGroup")[0];
    expect(sg?.inputs["ingress"]).toEqual([
      expect.objectContaining({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.30.0.0/16"] }),
    ]);
  });

  it("tags public subnets kubernetes.io/role/elb and private ones kubernetes.io/role/internal-elb for load balancers", async () => {
    const r = await plan("staging");
    const vpc = byType(r, "awsx:ec2:Vpc")[0];
    const layer = { "berth:layer": "network", "berth:environment": "staging" };
    expect(vpc?.inputs["subnetSpecs"]).toEqual([
      {
        type: "Private",
        name: "private",
        tags: expect.objectContaining({ ...layer, "kubernetes.io/role/internal-elb": "1" }),
      },
      {
        type: "Public",
        name: "public",
        tags: expect.objectContaining({ ...layer, "kubernetes.io/role/elb": "1" }),
      },
    ]);
    const specs = vpc?.inputs["subnetSpecs"] as Array<{ tags: Record<string, string> }>;
    expect(specs[0]?.tags).not.toHaveProperty("kubernetes.io/role/elb");
    expect(specs[1]?.tags).not.toHaveProperty("kubernetes.io/role/internal-elb");
  });

  it("flow logs go to the log group through a role scoped to that log group", async () => {
    const r = await plan("prod");
    const graph = r.layers[0]?.graph;
    const flow = byType(r, "aws:ec2/flowLog:FlowLog")[0];
    const group = byType(r, "aws:cloudwatch/logGroup:LogGroup")[0];
    expect(flow?.inputs["logDestination"]).toBe(group?.outputs["arn"]);
    expect(flow?.inputs["trafficType"]).toBe("ALL");
    const policy = JSON.parse(String(byType(r, "aws:iam/rolePolicy:RolePolicy")[0]?.inputs["policy"]));
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [`${group?.outputs["arn"]}:*`],
      },
      {
        Effect: "Allow",
        Action: ["logs:DescribeLogGroups"],
        Resource: ["arn:aws:logs:us-east-1:123456789012:log-group:*"],
      },
    ]);
    const trust = JSON.parse(String(byType(r, "aws:iam/role:Role")[0]?.inputs["assumeRolePolicy"]));
    expect(JSON.stringify(trust)).toContain("vpc-flow-logs.amazonaws.com");
    expect(graph && flow && group ? graph.dependsOn(flow.urn, group.urn) : false).toBe(true);
  });
});

describe("network config schema", () => {
  const parse = (raw: Record<string, string>) =>
    parseConfig(networkConfigSchema, rawConfig("berth-network", raw), "berth-network", "berth-network/dev");

  it("applies defaults and parses JSON values", () => {
    expect(parse({ "berth-network:vpcEndpoints": '["ecr","s3"]', "berth-network:azCount": "2" })).toEqual({
      cidr: "10.0.0.0/16",
      azCount: 2,
      natStrategy: "OnePerAz",
      vpcEndpoints: ["ecr", "s3"],
      flowLogRetentionDays: 30,
      flowLogTrafficType: "ALL",
      protect: false,
      tags: {},
    });
  });

  it("fails with the key, the value and what is allowed, for every bad entry at once", () => {
    expect(() =>
      parse({
        "berth-network:natStrategy": "Many",
        "berth-network:cidr": "10.0.0.0/8",
        "berth-network:azCount": "9",
        "berth-network:flowLogRetentionDays": "10",
        "berth-network:vpcEndpoints": '["ecr","sqs"]',
        "berth-network:colour": "blue",
        "aws:region": "us-east-1",
      }),
    ).toThrow(
      [
        "Invalid configuration for stack berth-network/dev:",
        '  - berth-network:cidr: got "10.0.0.0/8"; allowed: an IPv4 CIDR block from /16 to /24, e.g. 10.0.0.0/16.',
        "  - berth-network:azCount: got 9; allowed: an integer from 2 to 6.",
        '  - berth-network:natStrategy: got "Many"; allowed: one of "Single", "OnePerAz".',
        '  - berth-network:vpcEndpoints[1]: got "sqs"; allowed: one of "ecr", "s3", "logs".',
        "  - berth-network:flowLogRetentionDays: got 10; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
        '  - berth-network:colour: got "blue"; allowed: no such key; known keys: cidr, azCount, natStrategy, vpcEndpoints, flowLogRetentionDays, flowLogTrafficType, runner, protect, tags.',
      ].join("\n"),
    );
  });

  it("refuses a VPC CIDR with host bits set, as the AWS provider does at preview (the same check as the components)", () => {
    expect(() => parse({ "berth-network:cidr": "10.0.0.1/16" })).toThrow(
      '  - berth-network:cidr: got "10.0.0.1/16"; allowed: an IPv4 CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32) (the bits after the prefix length must be zero).',
    );
  });

  it("the CLI's plan of a bad environment file fails naming the stack", async () => {
    await expect(
      planEnvironment({
        env: "dev",
        root,
        layer: ["network"],
        programs: {
          network: () => {
            throw new Error("unreachable");
          },
        },
      }),
    ).rejects.toThrow("layer network (berth-network/dev) failed:\nunreachable");
  });
});
