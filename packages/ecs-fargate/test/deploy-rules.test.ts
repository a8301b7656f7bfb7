import type { ResourceGraph } from "@berth/plan";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as eventTask from "../examples/event-task";
import * as expressService from "../examples/express-service";
import * as scheduledTask from "../examples/scheduled-task";
import * as webService from "../examples/web-service";
import * as worker from "../examples/worker";
import {
  Cluster,
  type ClusterArgs,
  checkContainers,
  collectPullThroughCacheArns,
  collectRepositories,
  ExpressService,
  FargateService,
  type FargateServiceArgs,
} from "../src";
import { inlinePolicy, json, plan, planError, SERVICE_NET } from "./helpers";

// EC2 API reference, CreateSecurityGroup `GroupDescription` and IpRange/IpPermission `Description`:
// up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*
const EC2_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/;

const base: FargateServiceArgs = {
  ...SERVICE_NET,
  containers: [
    {
      name: "app",
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
      portMappings: [{ containerPort: 8080, name: "http" }],
    },
  ],
};
const listener =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2";

/** Every security group and rule description in a graph, with the resource it belongs to. */
function descriptions(g: ResourceGraph): Array<[string, unknown]> {
  return [
    ...g.ofType("aws:ec2/securityGroup:SecurityGroup"),
    ...g.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
    ...g.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
  ].map((r) => [r.name, r.inputs["description"]]);
}

describe("EC2 descriptions (item 1)", () => {
  it("every security group and rule description of every example and load balancer path is accepted by EC2", async () => {
    const graphs = [
      await plan(webService.program),
      await plan(worker.program),
      await plan(scheduledTask.program),
      await plan(eventTask.program),
      await plan(expressService.program),
      await plan(() => {
        new FargateService("nlb", {
          ...base,
          ingressCidrs: ["10.1.0.0/16"],
          ingressSecurityGroups: { clients: "sg-0123456789abcdef0" },
          networkLoadBalancer: {
            loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1",
            port: 5432,
            subnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
          },
        });
        new FargateService("alb", {
          ...base,
          loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb" },
        });
      }),
    ];
    const all = graphs.flatMap(descriptions);
    expect(all.length).toBeGreaterThan(8);
    const bad = all.filter(([, d]) => typeof d !== "string" || !EC2_DESCRIPTION.test(d));
    expect(bad).toEqual([]);
  });
});

describe("infrastructure role attachments (item 2)", () => {
  it("the service depends on the policy attachment of its load balancer and Lattice roles", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb" },
        deployment: { strategy: "BLUE_GREEN" },
        latticeTargets: [
          { targetGroupArn: "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-1", portName: "http" },
        ],
      });
    });
    const svc = g.one("aws:ecs/service:Service", "web-service");
    const lbPolicy = g.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "web-lb-role-policy");
    const latticePolicy = g.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "web-lattice-policy");
    expect(svc.explicitDependencies).toContain(lbPolicy.urn);
    expect(svc.explicitDependencies).toContain(latticePolicy.urn);
  });

  it("the Express service depends on its infrastructure role's policy attachment", async () => {
    const g = await plan(() => {
      new ExpressService("hello", { image: "public.ecr.aws/nginx/nginx:1.27" });
    });
    const svc = g.one("aws:ecs/expressGatewayService:ExpressGatewayService", "hello-service");
    const policy = g.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "hello-infrastructure-policy");
    expect(svc.explicitDependencies).toContain(policy.urn);
  });
});

describe("native blue/green follows the live target group (item 6)", () => {
  it("ignores the alternating load balancer pair and scales on requests of both groups", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb" },
        deployment: { strategy: "BLUE_GREEN" },
        autoscaling: { minCapacity: 2, maxCapacity: 10, requestsPerTarget: 500 },
      });
      new FargateService("roll", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb", priority: 7 },
        autoscaling: { minCapacity: 2, maxCapacity: 10, requestsPerTarget: 500 },
      });
    });
    expect(g.one("aws:ecs/service:Service", "web-service").options.ignoreChanges).toEqual([
      "desiredCount",
      "loadBalancers",
    ]);
    expect(g.one("aws:ecs/service:Service", "roll-service").options.ignoreChanges).toEqual(["desiredCount"]);
    const tg = g.one("aws:lb/targetGroup:TargetGroup", "web-tg").outputs["arnSuffix"];
    const alt = g.one("aws:lb/targetGroup:TargetGroup", "web-tg-alt").outputs["arnSuffix"];
    const config = g.one("aws:appautoscaling/policy:Policy", "web-requests").inputs[
      "targetTrackingScalingPolicyConfiguration"
    ] as Record<string, unknown>;
    expect(config["predefinedMetricSpecification"]).toBeUndefined();
    expect(config["targetValue"]).toBe(500);
    expect(config["customizedMetricSpecification"]).toEqual({
      metrics: [
        {
          id: "m1",
          label: "requests per target of group 1",
          returnData: false,
          metricStat: {
            metric: {
              namespace: "AWS/ApplicationELB",
              metricName: "RequestCountPerTarget",
              dimensions: [{ name: "TargetGroup", value: tg }],
            },
            stat: "Sum",
          },
        },
        {
          id: "m2",
          label: "requests per target of group 2",
          returnData: false,
          metricStat: {
            metric: {
              namespace: "AWS/ApplicationELB",
              metricName: "RequestCountPerTarget",
              dimensions: [{ name: "TargetGroup", value: alt }],
            },
            stat: "Sum",
          },
        },
        {
          id: "e1",
          label: "requests per target of the live groups",
          expression: "MAX([FILL(m1, 0), FILL(m2, 0)])",
          returnData: true,
        },
      ],
    });
    // A rolling service keeps the predefined one-group metric.
    const rolling = g.one("aws:appautoscaling/policy:Policy", "roll-requests").inputs[
      "targetTrackingScalingPolicyConfiguration"
    ] as Record<string, Record<string, unknown>>;
    expect(rolling["predefinedMetricSpecification"]?.["predefinedMetricType"]).toBe(
      "ALBRequestCountPerTarget",
    );
  });
});

describe("deployment failure detection (item 13)", () => {
  it("sends the circuit breaker and alarms with ROLLING and BLUE_GREEN only, and refuses them with CANARY and LINEAR", async () => {
    const g = await plan(() => {
      new FargateService("bg", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb" },
        deployment: { strategy: "BLUE_GREEN", alarmNames: ["bg-5xx"] },
      });
      new FargateService("lin", { ...base, deployment: { strategy: "LINEAR" } });
    });
    expect(g.one("aws:ecs/service:Service", "bg-service").inputs).toMatchObject({
      deploymentCircuitBreaker: { enable: true, rollback: true },
      alarms: { alarmNames: ["bg-5xx"], enable: true, rollback: true },
    });
    expect(
      g.one("aws:ecs/service:Service", "lin-service").inputs["deploymentCircuitBreaker"],
    ).toBeUndefined();
    expect(
      await planError(
        () =>
          new FargateService("can", {
            ...base,
            deployment: { strategy: "CANARY", circuitBreaker: true, alarmNames: ["can-5xx"] },
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "can":\n' +
        "  - deployment.circuitBreaker: got true; allowed: unset or false with CANARY (the circuit breaker supports ROLLING and BLUE_GREEN only).\n" +
        '  - deployment.alarmNames: got ["can-5xx"]; allowed: none with CANARY (alarm rollback supports ROLLING and BLUE_GREEN only).',
    );
  });
});

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("ECS Exec (items 7, 8)", () => {
  it("lets the task role write the cluster's exec session log group and decrypt with its key", async () => {
    const g = await plan(() => {
      const cluster = new Cluster("apps", { execKmsKeyArn: KEY });
      new FargateService("web", {
        ...base,
        enableExec: true,
        execLogGroupArn: cluster.execLogGroupArn,
        execKmsKeyArn: KEY,
      });
    });
    const logGroupArn = g.one("aws:cloudwatch/logGroup:LogGroup", "apps-exec-logs").outputs["arn"];
    expect(inlinePolicy(g, "web-task").Statement).toEqual([
      {
        Sid: "EcsExec",
        Effect: "Allow",
        Action: [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ],
        Resource: ["*"],
      },
      { Sid: "EcsExecLogGroups", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: ["*"] },
      {
        Sid: "EcsExecLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [`${logGroupArn}:*`],
      },
      { Sid: "EcsExecKms", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY] },
    ]);
  });

  it("refuses exec logging settings without exec, and ARNs of the wrong kind", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            execLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/exec/x",
            execKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/exec",
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        '  - execLogGroupArn: got "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/exec/x"; allowed: only with enableExec: true.\n' +
        '  - execKmsKeyArn: got "arn:aws:kms:us-east-1:123456789012:alias/exec"; allowed: only with enableExec: true.\n' +
        '  - execKmsKeyArn: got "arn:aws:kms:us-east-1:123456789012:alias/exec"; allowed: an ARN of a kms key (arn:<partition>:kms:<region>:<account>:key/...).',
    );
  });

  it("mounts writable /var/lib/amazon, /var/log/amazon and /managed-agents for exec with a read-only root", async () => {
    const g = await plan(() => {
      new FargateService("web", { ...base, enableExec: true });
    });
    const td = g.one("aws:ecs/taskDefinition:TaskDefinition", "web-taskdef");
    expect(td.inputs["volumes"]).toEqual([
      { name: "ecs-exec-var-lib-amazon" },
      { name: "ecs-exec-var-log-amazon" },
      { name: "ecs-exec-managed-agents" },
    ]);
    const [app] = json<Array<Record<string, unknown>>>(td.inputs["containerDefinitions"]);
    expect(app?.["readonlyRootFilesystem"]).toBe(true);
    expect(app?.["mountPoints"]).toEqual([
      { sourceVolume: "ecs-exec-var-lib-amazon", containerPath: "/var/lib/amazon", readOnly: false },
      { sourceVolume: "ecs-exec-var-log-amazon", containerPath: "/var/log/amazon", readOnly: false },
      { sourceVolume: "ecs-exec-managed-agents", containerPath: "/managed-agents", readOnly: false },
    ]);
  });
});

describe("Windows tasks (item 9)", () => {
  it("sends neither readonlyRootFilesystem, linuxParameters nor Linux exec volumes", async () => {
    const g = await plan(() => {
      new FargateService("win", {
        ...base,
        cpu: 1024,
        memory: 2048,
        operatingSystemFamily: "WINDOWS_SERVER_2022_CORE",
        enableExec: true,
      });
    });
    const td = g.one("aws:ecs/taskDefinition:TaskDefinition", "win-taskdef");
    expect(td.inputs["volumes"]).toEqual([]);
    const [app] = json<Array<Record<string, unknown>>>(td.inputs["containerDefinitions"]);
    expect(app).not.toHaveProperty("readonlyRootFilesystem");
    expect(app).not.toHaveProperty("linuxParameters");
    expect(app?.["mountPoints"]).toEqual([]);
  });

  it("refuses a read-only root or an init process on Windows", async () => {
    expect(
      await planError(
        () =>
          new FargateService("win", {
            ...base,
            cpu: 1024,
            memory: 2048,
            operatingSystemFamily: "WINDOWS_SERVER_2022_CORE",
            containers: [
              {
                name: "app",
                image: "mcr.microsoft.com/iis",
                readonlyRootFilesystem: true,
                initProcessEnabled: true,
              },
            ],
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "win":\n' +
        "  - containers[0].readonlyRootFilesystem: got true; allowed: unset or false for a Windows task (not supported for Windows containers).\n" +
        "  - containers[0].initProcessEnabled: got true; allowed: unset or false for a Windows task (linuxParameters are Linux only).",
    );
  });
});

describe("container health check ranges (item 10)", () => {
  it("accepts timeouts 2 to 60 and refuses 61 to 120 (ECS API HealthCheck)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 200 }), (timeout) => {
        const issues = checkContainers([
          { name: "app", image: "nginx", healthCheck: { command: ["CMD", "true"], timeout } },
        ]);
        const ok = timeout >= 2 && timeout <= 60;
        expect(issues.some((i) => i.path === "containers[0].healthCheck.timeout")).toBe(!ok);
      }),
    );
    expect(
      checkContainers([
        { name: "app", image: "nginx", healthCheck: { command: ["CMD", "true"], timeout: 90 } },
      ]),
    ).toEqual([{ path: "containers[0].healthCheck.timeout", value: 90, allowed: "an integer from 2 to 60" }]);
  });
});

describe("pull through cache and partitions (items 11, 12)", () => {
  it("grants import and create on exactly the cache prefix of images pulled through it", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        pullThroughCachePrefixes: ["ecr-public", "k8s"],
        containers: [
          {
            name: "app",
            image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-public/nginx/nginx:1.27",
            portMappings: [{ containerPort: 8080 }],
          },
          { name: "side", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0" },
        ],
      });
    });
    const statements = inlinePolicy(g, "web-execution").Statement;
    expect(statements.find((s) => s["Sid"] === "PullThroughCache")).toEqual({
      Sid: "PullThroughCache",
      Effect: "Allow",
      Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
      Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/*"],
    });
    expect(statements.find((s) => s["Sid"] === "PullImages")?.["Resource"]).toEqual([
      "arn:aws:ecr:us-east-1:123456789012:repository/ecr-public/nginx/nginx",
      "arn:aws:ecr:us-east-1:123456789012:repository/web",
    ]);
  });

  it("builds ECR ARNs in the partition the stack runs in (an output of getPartition)", async () => {
    const image = "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1.0";
    const arns = await new Promise<string[]>((resolve) =>
      collectRepositories([{ name: "app", image }], pulumi.output("aws-cn")).apply(resolve),
    );
    expect(arns).toEqual(["arn:aws-cn:ecr:cn-north-1:123456789012:repository/web"]);
    const ptc = await new Promise<string[]>((resolve) =>
      collectPullThroughCacheArns(
        [{ name: "app", image: "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/k8s/pause:3.9" }],
        ["k8s"],
        pulumi.output("aws-us-gov"),
      ).apply(resolve),
    );
    expect(ptc).toEqual(["arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/k8s/*"]);
  });
});

describe("Express network configuration (item 14)", () => {
  it("refuses fewer than 2 subnets, plain or from an output once known", async () => {
    expect(
      await planError(
        () =>
          new ExpressService("hello", {
            image: "public.ecr.aws/nginx/nginx:1.27",
            subnetIds: ["subnet-a"],
            securityGroupIds: [],
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ExpressService "hello":\n' +
        '  - subnetIds: got ["subnet-a"]; allowed: at least 2 subnet ids (Express Mode network configuration).\n' +
        "  - securityGroupIds: got []; allowed: at least 1 security group id.",
    );
    await expect(
      plan(() => {
        new ExpressService("hello", {
          image: "public.ecr.aws/nginx/nginx:1.27",
          subnetIds: pulumi.output(["subnet-a"]),
          securityGroupIds: ["sg-1"],
        });
      }),
    ).rejects.toThrow('subnetIds: got ["subnet-a"]; allowed: at least 2 subnet ids');
  });

  it("places the service in the given subnets and security groups", async () => {
    const g = await plan(() => {
      new ExpressService("hello", {
        image: "public.ecr.aws/nginx/nginx:1.27",
        subnetIds: pulumi.output(["subnet-a", "subnet-b"]),
        securityGroupIds: ["sg-1"],
      });
    });
    expect(
      g.one("aws:ecs/expressGatewayService:ExpressGatewayService", "hello-service").inputs[
        "networkConfigurations"
      ],
    ).toEqual([{ subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"] }]);
  });
});

describe("Cluster defaultSpot (item 16)", () => {
  it("is refused with a pointer to per-service spot: it never reached Berth services", async () => {
    expect(
      await planError(
        () => new Cluster("apps", { defaultSpot: { base: 1, weight: 3 } } as unknown as ClusterArgs),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:Cluster "apps":\n' +
        '  - defaultSpot: got {"base":1,"weight":3}; allowed: no such property (removed). Hint: set spot on each FargateService, QueueWorker, ScheduledTask or EventTask: Berth services send their own capacity provider strategy',
    );
  });
});
