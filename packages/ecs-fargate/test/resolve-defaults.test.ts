import { BerthValidationError } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FargateServiceArgs, resolveFargateServiceArgs } from "../src";
import { DEFAULTS, LISTENER, MINIMAL, RESOLVED, WITH } from "./resolve-fixtures";

const { alb, nlb, scaled, discovery } = RESOLVED;

/** Issue paths of resolve on bad args (none: it resolved). */
function issuesOf(args: FargateServiceArgs): string[] {
  try {
    resolveFargateServiceArgs("web", args);
    return [];
  } catch (e) {
    if (BerthValidationError.isBerthValidationError(e)) return e.issues.map((i) => `${i.path}: ${i.allowed}`);
    throw e;
  }
}

describe("resolveFargateServiceArgs defaults (no engine)", () => {
  it("fills every default once", () => {
    expect(DEFAULTS).toEqual({
      cpu: 256,
      memory: 512,
      cpuArchitecture: "ARM64",
      operatingSystemFamily: "LINUX",
      platformVersion: "LATEST",
      logRetentionDays: 30,
      imageOwner: "iac",
      kmsKeyArns: [],
      taskRoleStatements: [],
      efsVolumes: [],
      pullThroughCachePrefixes: [],
      desiredCount: 2,
      assignPublicIp: false,
      securityGroupIds: [],
      ingressSecurityGroups: {},
      ingressCidrs: [],
      enableExec: false,
      latticeTargets: [],
      "loadBalancer.create.internal": false,
      "loadBalancer.create.idleTimeout": 60,
      "loadBalancer.create.deletionProtection": true,
      "loadBalancer.hostHeaders": [],
      "loadBalancer.priority": 100,
      "loadBalancer.healthCheckPath": "/",
      "loadBalancer.healthCheckMatcher": "200-399",
      "loadBalancer.healthCheckInterval": 15,
      "loadBalancer.deregistrationDelay": 30,
      "loadBalancer.healthCheckGracePeriod": 60,
      "networkLoadBalancer.protocol": "TCP",
      "networkLoadBalancer.deregistrationDelay": 30,
      "autoscaling.minCapacity": 1,
      "autoscaling.cpuTarget": 70,
      "autoscaling.scaleInCooldown": 300,
      "autoscaling.scaleOutCooldown": 60,
      "deployment.strategy": "ROLLING",
      "deployment.bakeTimeMinutes": 5,
      "deployment.canaryPercent": 10,
      "deployment.canaryBakeTimeMinutes": 5,
      "deployment.linearStepPercent": 20,
      "deployment.linearStepBakeTimeMinutes": 2,
      "deployment.alarmNames": [],
      "deployment.circuitBreaker": true,
      "deployment.minimumHealthyPercent": 100,
      "deployment.maximumPercent": 200,
      "deployment.waitForSteadyState": true,
      "serviceDiscovery.dnsTtl": 10,
    });
  });

  it("fills the ALB, NLB and the child names of each block", () => {
    expect(alb.alb?.create?.ingressCidrs).toEqual(["0.0.0.0/0"]);
    expect(alb.alb?.pathPatterns).toEqual(["/*"]);
    expect(alb.albIngress.map((i) => i.name)).toEqual([
      "web-alb-in-0.0.0.0/0-80",
      "web-alb-in-0.0.0.0/0-443",
    ]);
    expect(alb.names).toMatchObject({
      alb: "web-alb",
      targetGroup: "web-tg",
      listenerRule: "web-rule",
      listener: undefined,
    });
    expect(nlb.nlb).toMatchObject({
      udp: false,
      preserveClientIp: false,
      healthCheckPort: 8080,
      ipProtocols: ["tcp"],
    });
    expect(nlb.names).toMatchObject({
      listener: "web-listener",
      targetGroup: "web-tg",
      listenerRule: undefined,
    });
    expect(scaled.names.scaling).toBe("web-scaling");
    expect(discovery.serviceDiscovery).toEqual({ namespaceId: "ns-1", name: "web", dnsTtl: 10 });
    const progressive = resolveFargateServiceArgs("web", { ...WITH.alb, deployment: { strategy: "CANARY" } });
    expect(progressive.names).toMatchObject({
      alternateTargetGroup: "web-tg-alt",
      loadBalancerRole: "web-lb-role",
    });
    expect(progressive.deployment.circuitBreaker).toBe(false);
  });

  it("the name-length check reads the resolved names: adopting both roles and no load balancer frees the 64-character IAM limit", () => {
    const long = "s".repeat(50);
    expect(issuesOf(MINIMAL)).toEqual([]);
    expect(() => resolveFargateServiceArgs(long, MINIMAL)).toThrow(/the child "s+-execution" gets/);
    const adopted = resolveFargateServiceArgs(long, {
      ...MINIMAL,
      executionRoleArn: "arn:aws:iam::123456789012:role/exec",
      taskRoleArn: "arn:aws:iam::123456789012:role/task",
    });
    expect([adopted.names.executionRole, adopted.names.taskRole]).toEqual([undefined, undefined]);
  });
});

describe("resolveFargateServiceArgs validators (properties)", () => {
  it("desiredCount: accepted exactly when an integer from 0 to 5000", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 6000 }), fc.double({ noNaN: false })), (n) => {
        const ok = Number.isInteger(n) && n >= 0 && n <= 5000;
        expect(issuesOf({ ...MINIMAL, desiredCount: n })).toEqual(
          ok ? [] : ["desiredCount: an integer from 0 to 5000"],
        );
      }),
    );
  });

  it("loadBalancer.priority: accepted exactly when an integer from 1 to 50000", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 60000 }), fc.double()), (n) => {
        const ok = Number.isInteger(n) && n >= 1 && n <= 50000;
        const args = {
          ...MINIMAL,
          loadBalancer: { listenerArn: LISTENER, securityGroupId: "sg-1", priority: n },
        };
        expect(issuesOf(args)).toEqual(ok ? [] : ["loadBalancer.priority: an integer from 1 to 50000"]);
      }),
    );
  });

  it("networkLoadBalancer.port: required, and accepted exactly when an integer from 1 to 65535", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 70000 }), fc.constant(undefined)), (port) => {
        const ok = port !== undefined && port >= 1 && port <= 65535;
        const args = {
          ...WITH.nlb,
          networkLoadBalancer: { ...WITH.nlb.networkLoadBalancer, port },
        } as FargateServiceArgs;
        expect(issuesOf(args)).toEqual(
          ok
            ? []
            : [
                `networkLoadBalancer.port: an integer from 1 to 65535${port === undefined ? " (required)" : ""}`,
              ],
        );
      }),
    );
  });

  it("deployment percentages: minimumHealthyPercent 0 to 100 and maximumPercent 100 to 200, integers", () => {
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 300 }), fc.integer({ min: -50, max: 300 }), (min, max) => {
        const expected = [
          ...(min >= 0 && min <= 100 ? [] : ["deployment.minimumHealthyPercent: an integer from 0 to 100"]),
          ...(max >= 100 && max <= 200 ? [] : ["deployment.maximumPercent: an integer from 100 to 200"]),
        ];
        expect(
          issuesOf({ ...MINIMAL, deployment: { minimumHealthyPercent: min, maximumPercent: max } }),
        ).toEqual(expected);
      }),
    );
  });

  it("resolve is pure: the same args give the same result, and the args are not changed", () => {
    fc.assert(
      fc.property(fc.constantFrom(MINIMAL, ...Object.values(WITH)), (args) => {
        const before = JSON.stringify(args);
        expect(resolveFargateServiceArgs("web", args)).toEqual(resolveFargateServiceArgs("web", args));
        expect(JSON.stringify(args)).toBe(before);
      }),
    );
  });
});
