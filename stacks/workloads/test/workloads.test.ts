import * as path from "node:path";
import { type GraphResource, type PlanReport, planEnvironment } from "@berth/plan";
import { parseConfig, rawConfig } from "@berth/stack-config";
import { describe, expect, it } from "vitest";
import { workloadsConfigSchema } from "../src/config";
import { program } from "../src/program";

const root = path.resolve(__dirname, "..", "..", "..");
const repo = (name: string) => ({
  url: `123456789012.dkr.ecr.us-east-1.amazonaws.com/env/${name}`,
  arn: `arn:aws:ecr:us-east-1:123456789012:repository/env/${name}`,
});

/** What the platform layer exports, as its own test proves. */
const platform = (env: string) => ({
  [`organization/berth-platform/${env}`]: {
    vpcId: "vpc-0123456789abcdef0",
    privateSubnetIds: ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"],
    publicSubnetIds: ["subnet-0ddd", "subnet-0eee", "subnet-0fff"],
    ecsClusterName: `berth-${env}`,
    ecsClusterArn: `arn:aws:ecs:us-east-1:123456789012:cluster/berth-${env}`,
    spotCapacityProviderName: "spot-provider-0abc",
    spotSecurityGroupId: "sg-0spot",
    spotArchitecture: "arm64",
    repositories: { web: repo("web"), worker: repo("worker"), jobs: repo("jobs") },
    repositoryUrls: {},
    serviceNetworkId: "sn-0123456789abcdef0",
    serviceNetworkArn: "arn:aws:vpc-lattice:us-east-1:123456789012:servicenetwork/sn-0123456789abcdef0",
    latticeClientSecurityGroupId: "sg-0lattice",
  },
});

function plan(env: string): Promise<PlanReport> {
  return planEnvironment({
    env,
    root,
    layer: ["workloads"],
    programs: { workloads: program },
    stackOutputs: platform(env),
    cost: false,
    time: false,
  });
}

const of = (r: PlanReport, type: string): GraphResource[] =>
  r.layers[0]?.graph.resources.filter((x) => x.type === type) ?? [];

describe.each(["dev", "staging", "prod"])("workloads layer, %s", (env) => {
  it("plans every example with no mandatory policy violation", async () => {
    const r = await plan(env);
    expect(r.policies.ran).toBe(true);
    const mandatory = r.layers[0]?.violations.filter((v) => v.level === "mandatory") ?? [];
    expect(mandatory.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    const components = of(r, "berth:ecs:FargateService").map((c) => c.name);
    expect(components.sort()).toEqual(["orders", "web", "worker"].sort());
    for (const type of [
      "berth:ecs:QueueWorker",
      "berth:ecs:ScheduledTask",
      "berth:ecs:EventTask",
      "berth:ecs:Ec2Service",
      "berth:lattice:LatticeService",
      "berth:ecs:ExpressService",
    ]) {
      expect(of(r, type), type).toHaveLength(1);
    }
    // The orders service's association with the platform network is named by its key, and moves
    // from its former positional name (`orders-sn-0`) through an alias: no replacement.
    const assocType = "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation";
    expect(of(r, assocType).map((a) => [a.name, a.options.aliases])).toEqual([
      [
        "orders-sn-platform",
        [`urn:pulumi:${env}::berth-workloads::berth:lattice:LatticeService$${assocType}::orders-sn-0`],
      ],
    ]);
  });
});

describe("workloads layer: the examples", () => {
  it("web: HTTPS ALB in the public subnets, tasks in the private ones, autoscaled within the env's range", async () => {
    const r = await plan("prod");
    const alb = of(r, "aws:lb/loadBalancer:LoadBalancer")[0];
    expect(alb?.inputs["subnets"]).toEqual(["subnet-0ddd", "subnet-0eee", "subnet-0fff"]);
    expect(alb?.inputs["enableDeletionProtection"]).toBe(true);
    const listener = of(r, "aws:lb/listener:Listener").find((l) => l.inputs["protocol"] === "HTTPS");
    expect(listener?.inputs["certificateArn"]).toMatch(/^arn:aws:acm:us-east-1:123456789012:certificate\//);
    const web = of(r, "aws:ecs/service:Service").find((s) => s.name === "web-service");
    expect((web?.inputs["networkConfiguration"] as { subnets?: string[] } | undefined)?.subnets).toEqual([
      "subnet-0aaa",
      "subnet-0bbb",
      "subnet-0ccc",
    ]);
    const target = of(r, "aws:appautoscaling/target:Target").find((t) => t.name.startsWith("web"));
    expect(target?.inputs).toMatchObject({ minCapacity: 3, maxCapacity: 30 });
  });

  it("worker: FARGATE_SPOT only; legacy: bridge mode on the EC2 Spot provider", async () => {
    const r = await plan("dev");
    const worker = of(r, "aws:ecs/service:Service").find((s) => s.name === "worker-service");
    expect(worker?.inputs["capacityProviderStrategies"]).toEqual([
      expect.objectContaining({ capacityProvider: "FARGATE_SPOT" }),
    ]);
    const td = of(r, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === "legacy-taskdef");
    expect(td?.inputs["networkMode"]).toBe("bridge");
    const legacy = of(r, "aws:ecs/service:Service").find((s) => s.name === "legacy-service");
    expect(legacy?.inputs["capacityProviderStrategies"]).toEqual([
      expect.objectContaining({ capacityProvider: "spot-provider-0abc" }),
    ]);
  });

  it("orders: registered into the Lattice target group, allowed only from the web task role", async () => {
    const r = await plan("staging");
    const orders = of(r, "aws:ecs/service:Service").find((s) => s.name === "orders-service");
    const tg = of(r, "aws:vpclattice/targetGroup:TargetGroup")[0];
    expect(orders?.inputs["vpcLatticeConfigurations"]).toEqual([
      expect.objectContaining({ targetGroupArn: tg?.outputs["arn"], portName: "http" }),
    ]);
    const assoc = of(
      r,
      "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
    )[0];
    expect(assoc?.inputs["serviceNetworkIdentifier"]).toBe("sn-0123456789abcdef0");
    const auth = JSON.parse(String(of(r, "aws:vpclattice/authPolicy:AuthPolicy")[0]?.inputs["policy"]));
    const webRole = of(r, "aws:iam/role:Role").find((x) => x.name === "web-task");
    expect(JSON.stringify(auth)).toContain(String(webRole?.outputs["arn"]));
  });

  it("orders: the Lattice clients' group reaches the tasks through a rule named by its key, with its former positional name as an alias", async () => {
    const r = await plan("dev");
    const rules = of(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((x) =>
      x.name.startsWith("orders-from-"),
    );
    expect(rules.map((x) => x.name)).toEqual(["orders-from-sg-lattice-8080"]);
    expect(rules[0]?.inputs).toMatchObject({
      referencedSecurityGroupId: "sg-0lattice",
      ipProtocol: "tcp",
      fromPort: 8080,
      toPort: 8080,
    });
    expect(rules[0]?.options.aliases).toEqual([
      expect.stringMatching(/SecurityGroupIngressRule::orders-from-sg0-8080$/),
    ]);
  });

  it("prod protects the stateful resources (queues, the web load balancer); dev protects nothing", async () => {
    const prod = await plan("prod");
    const queues = of(prod, "aws:sqs/queue:Queue");
    expect(queues.length).toBeGreaterThan(0);
    for (const q of queues.filter((x) => x.name.startsWith("worker"))) expect(q.options.protect).toBe(true);
    expect(of(prod, "aws:lb/loadBalancer:LoadBalancer")[0]?.options.protect).toBe(true);
    const dev = await plan("dev");
    expect(dev.layers[0]?.graph.resources.filter((x) => x.options.protect)).toEqual([]);
  });
});

describe("workloads config schema", () => {
  const valid = {
    "berth-workloads:imageTag": "1.4.2",
    "berth-workloads:certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc-123",
    "berth-workloads:web":
      '{"cpu":256,"memory":512,"tasks":{"min":1,"max":2},"spot":{"base":0,"weight":1,"onDemandWeight":0}}',
    "berth-workloads:worker": '{"tasks":{"min":0,"max":2},"acceptableLatencySeconds":60}',
    "berth-workloads:report": '{"schedule":"rate(1 day)","timezone":"UTC"}',
    "berth-workloads:bridgeTasks": "1",
    "berth-workloads:orders": '{"tasks":{"min":1,"max":2}}',
    "berth-workloads:express": '{"tasks":{"min":1,"max":2}}',
    "berth-workloads:logRetentionDays": "7",
  };
  const parse = (raw: Record<string, string>) =>
    parseConfig(
      workloadsConfigSchema,
      rawConfig("berth-workloads", raw),
      "berth-workloads",
      "berth-workloads/dev",
    );

  it("parses a valid environment", () => {
    expect(parse(valid).web.spot).toEqual({ base: 0, weight: 1, onDemandWeight: 0 });
  });

  it("fails with the key, the value and what is allowed", () => {
    expect(() =>
      parse({
        ...valid,
        "berth-workloads:certificateArn": "my-cert",
        "berth-workloads:report": '{"schedule":"every night","timezone":"UTC"}',
        "berth-workloads:logRetentionDays": "10",
      }),
    ).toThrow(
      [
        "Invalid configuration for stack berth-workloads/dev:",
        '  - berth-workloads:certificateArn: got "my-cert"; allowed: an ARN of an acm certificate (arn:<partition>:acm:<region>:<account>:certificate/...).',
        '  - berth-workloads:report.schedule: got "every night"; allowed: cron(...), rate(...) or at(...).',
        "  - berth-workloads:logRetentionDays: got 10; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
      ].join("\n"),
    );
  });

  it("names a missing required key", () => {
    const { "berth-workloads:imageTag": _omit, ...rest } = valid;
    expect(() => parse(rest)).toThrow(
      "  - berth-workloads:imageTag: got undefined; allowed: a string (required).",
    );
  });
});

describe("workloads layer: hello (Express Mode)", () => {
  it("runs in the platform VPC's private subnets with a security group of its own, never the default VPC", async () => {
    const r = await plan("dev");
    const svc = of(r, "aws:ecs/expressGatewayService:ExpressGatewayService")[0];
    const sg = of(r, "aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === "hello-tasks");
    expect(sg?.inputs["vpcId"]).toBe("vpc-0123456789abcdef0");
    expect(svc?.inputs["networkConfigurations"]).toEqual([
      { subnets: ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"], securityGroups: [sg?.id] },
    ]);
  });

  it("sleeps on the scalable target Express Mode registers for it, in the platform cluster", async () => {
    const r = await plan("dev");
    const svc = of(r, "aws:ecs/expressGatewayService:ExpressGatewayService")[0];
    expect(svc?.inputs).toMatchObject({
      serviceName: "berth-workloads-dev-hello",
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/berth-dev",
    });
    for (const phase of ["sleep", "wake"]) {
      const action = of(r, "aws:appautoscaling/scheduledAction:ScheduledAction").find(
        (a) => a.name === `hello-${phase}`,
      );
      expect(action?.inputs).toMatchObject({
        resourceId: "service/berth-dev/berth-workloads-dev-hello",
        scalableDimension: "ecs:service:DesiredCount",
        serviceNamespace: "ecs",
      });
      expect(action?.dependencies).toContain(svc?.urn);
    }
  });
});

describe("workloads layer: sleep schedules from config", () => {
  it("dev's services sleep at zero tasks outside Mon-Fri 07:00-20:00 UTC and wake to their bounds; prod's never sleep", async () => {
    const actions = (r: PlanReport) =>
      (r.layers[0]?.graph.resources ?? [])
        .filter((x) => x.type === "aws:appautoscaling/scheduledAction:ScheduledAction")
        .map((a) => [a.name, a.inputs["schedule"], a.inputs["timezone"], a.inputs["scalableTargetAction"]])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const sleep = ["cron(0 20 ? * MON,TUE,WED,THU,FRI *)", "UTC", { minCapacity: 0, maxCapacity: 0 }];
    const wake = "cron(0 7 ? * MON,TUE,WED,THU,FRI *)";
    expect(actions(await plan("dev"))).toEqual([
      ["hello-sleep", ...sleep],
      ["hello-wake", wake, "UTC", { minCapacity: 1, maxCapacity: 2 }],
      ["legacy-scaling-sleep", ...sleep],
      ["legacy-scaling-wake", wake, "UTC", { minCapacity: 1, maxCapacity: 1 }],
      ["orders-scaling-sleep", ...sleep],
      ["orders-scaling-wake", wake, "UTC", { minCapacity: 1, maxCapacity: 2 }],
      ["web-scaling-sleep", ...sleep],
      ["web-scaling-wake", wake, "UTC", { minCapacity: 1, maxCapacity: 2 }],
      ["worker-backlog-scaling-sleep", ...sleep],
      ["worker-backlog-scaling-wake", wake, "UTC", { minCapacity: 0, maxCapacity: 2 }],
    ]);
    expect(actions(await plan("prod"))).toEqual([]);
  });
});
