import { parsePolicyDocument } from "@berth/core";
import { capture, type ResourceGraph } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { Ec2Service, type Ec2ServiceArgs, SpotCapacity } from "../src";

const LISTENER =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1";

const base: Ec2ServiceArgs = {
  clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
  clusterName: "apps",
  capacity: { capacityProviderName: "workers-provider-1234567", securityGroupId: "sg-instances" },
  containers: [
    {
      name: "web",
      image: IMAGE,
      memoryReservation: 256,
      portMappings: [{ containerPort: 8080 }],
      secrets: { DB_PASSWORD: { secretArn: SECRET } },
    },
  ],
  vpcId: "vpc-1",
  loadBalancer: { listenerArn: LISTENER, securityGroupId: "sg-alb", containerPort: 8080, priority: 10 },
};

function plan(args: Partial<Ec2ServiceArgs> = {}): Promise<ResourceGraph> {
  return capture(() => {
    new Ec2Service("web", { ...base, ...args });
  });
}

const containerDefs = (graph: ResourceGraph) =>
  JSON.parse(
    graph.one("aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"] as string,
  ) as Array<Record<string, unknown>>;

describe("Ec2Service in bridge mode (default)", () => {
  it("uses dynamic host ports and an EC2 task definition on ARM64", async () => {
    const graph = await plan();
    const td = graph.one("aws:ecs/taskDefinition:TaskDefinition");
    expect(td.inputs).toMatchObject({
      family: "berth-dev-web",
      requiresCompatibilities: ["EC2"],
      networkMode: "bridge",
      runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
    });
    expect(containerDefs(graph)[0]?.["portMappings"]).toEqual([
      { containerPort: 8080, hostPort: 0, protocol: "tcp" },
    ]);
  });

  it("puts an instance target group behind the listener and opens only the ephemeral range to the ALB", async () => {
    const graph = await plan();
    const tg = graph.one("aws:lb/targetGroup:TargetGroup");
    expect(tg.inputs).toMatchObject({ targetType: "instance", port: 8080, protocol: "HTTP", vpcId: "vpc-1" });
    const ingress = graph.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(ingress.map((r) => r.inputs)).toEqual([
      {
        securityGroupId: "sg-instances",
        referencedSecurityGroupId: "sg-alb",
        ipProtocol: "tcp",
        fromPort: 32768,
        toPort: 65535,
        description: "ALB to web on the dynamic host ports",
      },
    ]);
    expect(graph.one("aws:lb/listenerRule:ListenerRule").inputs).toMatchObject({
      listenerArn: LISTENER,
      priority: 10,
      actions: [{ type: "forward", targetGroupArn: tg.outputs["arn"] }],
      conditions: [{ pathPattern: { values: ["/*"] } }],
    });
    const svc = graph.one("aws:ecs/service:Service");
    expect(svc.inputs["loadBalancers"]).toEqual([
      { targetGroupArn: tg.outputs["arn"], containerName: "web", containerPort: 8080 },
    ]);
    expect(svc.inputs["networkConfiguration"]).toBeUndefined();
  });

  it("spreads across zones then binpacks on memory, with the circuit breaker and the capacity provider", async () => {
    const graph = await plan();
    expect(graph.one("aws:ecs/service:Service").inputs).toMatchObject({
      desiredCount: 2,
      capacityProviderStrategies: [{ capacityProvider: "workers-provider-1234567", base: 0, weight: 1 }],
      orderedPlacementStrategies: [
        { type: "spread", field: "attribute:ecs.availability-zone" },
        { type: "binpack", field: "memory" },
      ],
      placementConstraints: [],
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      healthCheckGracePeriodSeconds: 60,
      propagateTags: "SERVICE",
    });
  });

  it("computes the execution role: exactly the repository, the log group and the secret", async () => {
    const graph = await plan();
    const role = graph.one("aws:iam/role:Role", "web-execution");
    const logs = graph.one("aws:cloudwatch/logGroup:LogGroup");
    expect(logs.inputs).toMatchObject({ name: "/ecs/berth-dev-web", retentionInDays: 30 });
    const doc = parsePolicyDocument(
      (role.inputs["inlinePolicies"] as Array<{ policy: string }>)[0]?.policy ?? "",
    );
    expect(doc?.Statement).toEqual([
      {
        Sid: "WriteLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`${logs.outputs["arn"]}:log-stream:*`],
      },
      { Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
      {
        Sid: "PullImages",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/web"],
      },
      { Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [SECRET] },
    ]);
    expect(containerDefs(graph)[0]?.["secrets"]).toEqual([{ name: "DB_PASSWORD", valueFrom: SECRET }]);
  });

  it("scales on CPU and ALB requests, leaving desiredCount to the scaler", async () => {
    const graph = await plan({
      autoscaling: { minCapacity: 2, maxCapacity: 20, cpuTarget: 60, requestsPerTarget: 500 },
    });
    expect(graph.one("aws:ecs/service:Service").options.ignoreChanges).toEqual(["desiredCount"]);
    expect(graph.one("aws:appautoscaling/target:Target").inputs).toMatchObject({
      minCapacity: 2,
      maxCapacity: 20,
      scalableDimension: "ecs:service:DesiredCount",
    });
    const requests = graph.ofType("aws:appautoscaling/policy:Policy").find((p) => p.name === "web-requests")
      ?.inputs["targetTrackingScalingPolicyConfiguration"] as {
      predefinedMetricSpecification: { resourceLabel: string };
    };
    const tg = graph.one("aws:lb/targetGroup:TargetGroup");
    expect(requests.predefinedMetricSpecification.resourceLabel).toBe(
      `app/edge/0123456789abcdef/${tg.outputs["arnSuffix"]}`,
    );
  });
});

describe("Ec2Service in other network modes", () => {
  it("host: host port equals container port, ingress on that port only", async () => {
    const graph = await plan({ networkMode: "host" });
    expect(containerDefs(graph)[0]?.["portMappings"]).toEqual([
      { containerPort: 8080, hostPort: 8080, protocol: "tcp" },
    ]);
    expect(graph.one("aws:lb/targetGroup:TargetGroup").inputs["targetType"]).toBe("instance");
    expect(graph.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs).toMatchObject({
      securityGroupId: "sg-instances",
      fromPort: 8080,
      toPort: 8080,
    });
  });

  it("awsvpc: its own task security group, ip targets and private subnets", async () => {
    const graph = await plan({ networkMode: "awsvpc", subnetIds: ["subnet-a", "subnet-b"] });
    const sg = graph.one("aws:ec2/securityGroup:SecurityGroup", "web-tasks");
    expect(graph.one("aws:lb/targetGroup:TargetGroup").inputs["targetType"]).toBe("ip");
    expect(graph.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").inputs).toMatchObject({
      securityGroupId: sg.id,
      referencedSecurityGroupId: "sg-alb",
      fromPort: 8080,
      toPort: 8080,
    });
    expect(graph.one("aws:ecs/service:Service").inputs["networkConfiguration"]).toEqual({
      subnets: ["subnet-a", "subnet-b"],
      securityGroups: [sg.id],
      assignPublicIp: false,
    });
  });

  it("none: a worker without ports or load balancer", async () => {
    const graph = await capture(() => {
      new Ec2Service("batch", {
        clusterArn: base.clusterArn,
        clusterName: base.clusterName,
        capacity: base.capacity,
        networkMode: "none",
        memory: 512,
        containers: [{ name: "worker", image: "busybox:1.36" }],
        placementConstraints: [{ type: "distinctInstance" }],
      });
    });
    expect(graph.one("aws:ecs/taskDefinition:TaskDefinition").inputs).toMatchObject({
      networkMode: "none",
      memory: "512",
    });
    expect(graph.count("aws:lb/targetGroup:TargetGroup")).toBe(0);
    expect(graph.count("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toBe(0);
    expect(graph.one("aws:ecs/service:Service").inputs["placementConstraints"]).toEqual([
      { type: "distinctInstance" },
    ]);
    // No ECR image, no secrets: the execution role writes logs only.
    const doc = parsePolicyDocument(
      (
        graph.one("aws:iam/role:Role", "batch-execution").inputs["inlinePolicies"] as Array<{
          policy: string;
        }>
      )[0]?.policy ?? "",
    );
    expect(doc?.Statement.map((s) => s["Sid"])).toEqual(["WriteLogs"]);
  });
});

describe("several bridge services behind one load balancer", () => {
  it("open the ephemeral range once, on the capacity, instead of duplicate rules AWS would reject", async () => {
    const graph = await capture(() => {
      const capacity = new SpotCapacity("workers", {
        clusterName: "apps",
        clusterArn: base.clusterArn,
        vpcId: "vpc-1",
        subnetIds: ["subnet-a"],
        maxSize: 4,
        loadBalancerSecurityGroups: { alb: "sg-alb" },
      });
      for (const [name, priority] of [
        ["web", 10],
        ["admin", 20],
      ] as const) {
        new Ec2Service(name, {
          ...base,
          capacity,
          containers: [{ name, image: "nginx:1.27", memory: 128, portMappings: [{ containerPort: 8080 }] }],
          loadBalancer: { ...(base.loadBalancer as NonNullable<Ec2ServiceArgs["loadBalancer"]>), priority },
        });
      }
    });
    const rules = graph.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules.map((r) => r.name)).toEqual(["workers-from-lb-alb"]);
    expect(rules[0]?.inputs).toMatchObject({
      securityGroupId: graph.one("aws:ec2/securityGroup:SecurityGroup").id,
      referencedSecurityGroupId: "sg-alb",
      ipProtocol: "tcp",
      fromPort: 32768,
      toPort: 65535,
    });
    expect(graph.count("aws:ecs/service:Service")).toBe(2);
  });
});
