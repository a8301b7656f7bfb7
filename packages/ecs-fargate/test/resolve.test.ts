import { BerthValidationError } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultFamily, type FargateServiceArgs, resolveFargateServiceArgs } from "../src";
import { SERVICE_NET } from "./helpers";

const base: FargateServiceArgs = {
  ...SERVICE_NET,
  containers: [
    { name: "sidecar", image: "public.ecr.aws/example/agent:1" },
    {
      name: "app",
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
      portMappings: [{ containerPort: 8080 }],
    },
  ],
};
const listener =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2";

describe("resolveFargateServiceArgs (no engine, no resources)", () => {
  it("fills the defaults once: rolling, 2 tasks owned by the program, no exec, no load balancer target", () => {
    expect(resolveFargateServiceArgs("web", base)).toEqual({
      name: "web",
      args: base,
      deployment: {
        strategy: "ROLLING",
        bakeTimeMinutes: 5,
        canaryPercent: 10,
        canaryBakeTimeMinutes: 5,
        linearStepPercent: 20,
        linearStepBakeTimeMinutes: 2,
        alarmNames: [],
        circuitBreaker: true,
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        waitForSteadyState: true,
      },
      strategy: "ROLLING",
      progressive: false,
      failureDetection: true,
      exec: false,
      autoscaled: false,
      desiredCount: 2,
      awake: undefined,
      lbTarget: undefined,
      healthCheckGracePeriod: undefined,
      task: {
        cpu: 256,
        memory: 512,
        operatingSystemFamily: "LINUX",
        os: "LINUX",
        cpuArchitecture: "ARM64",
        platformVersion: "LATEST",
        family: defaultFamily("web"),
        logRetentionDays: 30,
        imageOwner: "iac",
        kmsKeyArns: [],
        taskRoleStatements: [],
        efsVolumes: [],
        pullThroughCachePrefixes: [],
      },
      assignPublicIp: false,
      securityGroupIds: [],
      ingressSecurityGroups: {},
      ingress: [],
      alb: undefined,
      albIngress: [],
      nlb: undefined,
      serviceDiscovery: undefined,
      serviceConnect: undefined,
      latticeTargets: [],
      autoscaling: undefined,
      names: {
        logGroup: "web-logs",
        executionRole: "web-execution",
        taskRole: "web-task",
        taskDefinition: "web-taskdef",
        securityGroup: "web-sg",
        egress: "web-egress",
        service: "web-service",
      },
    });
  });

  it("with autoscaling the autoscaler owns the count, starting at minCapacity (1 by default)", () => {
    const r = resolveFargateServiceArgs("web", { ...base, autoscaling: { maxCapacity: 4 } });
    expect([r.autoscaled, r.desiredCount]).toEqual([true, 1]);
  });

  it("sends a load balancer to the first container with a port, unless told", () => {
    const r = resolveFargateServiceArgs("web", {
      ...base,
      loadBalancer: { listenerArn: listener, securityGroupId: "sg-1" },
    });
    expect(r.lbTarget).toEqual({ name: "app", port: 8080 });
  });

  it("every strategy: progressive exactly when not ROLLING, failure detection exactly for ROLLING and BLUE_GREEN (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom("ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"), (strategy) => {
        const r = resolveFargateServiceArgs("web", { ...base, deployment: { strategy } });
        expect(r.strategy).toBe(strategy);
        expect(r.progressive).toBe(strategy !== "ROLLING");
        expect(r.failureDetection).toBe(strategy === "ROLLING" || strategy === "BLUE_GREEN");
      }),
    );
  });

  it("throws one BerthValidationError with every issue, without a Pulumi engine", () => {
    let error: unknown;
    try {
      resolveFargateServiceArgs("web", { ...base, desiredCount: -1, cpu: 300 });
    } catch (e) {
      error = e;
    }
    expect(BerthValidationError.isBerthValidationError(error)).toBe(true);
    expect((error as BerthValidationError).issues.map((i) => i.path)).toEqual(["cpu", "desiredCount"]);
  });
});
