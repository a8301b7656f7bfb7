import type { ResourceGraph } from "@berth/plan";
import { describe, expect, it } from "vitest";
import * as eventTask from "../examples/event-task";
import * as expressService from "../examples/express-service";
import * as scheduledTask from "../examples/scheduled-task";
import * as webService from "../examples/web-service";
import * as worker from "../examples/worker";
import { ExpressService, FargateService, type FargateServiceArgs } from "../src";
import { NET, plan, planError } from "./helpers";

// EC2 API reference, CreateSecurityGroup `GroupDescription` and IpRange/IpPermission `Description`:
// up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*
const EC2_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]{0,255}$/;

const base: FargateServiceArgs = {
  ...NET,
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
          ingressSecurityGroupIds: ["sg-0123456789abcdef0"],
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
    expect(g.one("aws:ecs/service:Service", "web-service").options.ignoreChanges).toEqual(["desiredCount", "loadBalancers"]);
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
