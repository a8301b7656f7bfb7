import { BerthValidationError } from "@berth/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type LatticeListener,
  type LatticeTargetGroup,
  resolveGatewayApiControllerArgs,
  resolveLatticeServiceArgs,
  resolveServiceNetworkArgs,
} from "../src";

// Resolve alone: no mock engine, no resources.

const IP = { type: "IP", vpcId: "vpc-1" } as const;
const issuesOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (!BerthValidationError.isBerthValidationError(e)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.allowed}`);
  }
  return [];
};

describe("resolveLatticeServiceArgs", () => {
  it("fills every default of minimal arguments, child names included", () => {
    const r = resolveLatticeServiceArgs("orders", { targetGroups: { app: IP } });
    expect(r.authType).toBe("AWS_IAM");
    expect(r.authRules).toBe("same-account");
    expect(r.certificateArn).toBeUndefined();
    expect(r.names).toEqual({ service: "orders-svc", authPolicy: "orders-auth" });
    expect(r.serviceNetworks).toEqual([]);
    expect(r.accessLogs).toEqual({
      subscriptionName: "orders-access-log",
      logGroup: {
        logicalName: "orders-access-logs",
        namePrefix: "/aws/vendedlogs/vpclattice/orders-",
        retentionInDays: 30,
      },
      destinationArn: undefined,
    });
    expect(r.listeners).toEqual([
      {
        name: "https-443",
        logicalName: "orders-https-443",
        protocol: "HTTPS",
        port: 443,
        forward: { app: 100 },
        fixedResponseStatus: undefined,
        rules: [],
      },
    ]);
    expect(r.targetGroups).toEqual([
      {
        key: "app",
        logicalName: "orders-tg-app",
        targetGroupName: undefined,
        type: "IP",
        config: {
          vpcIdentifier: "vpc-1",
          protocol: "HTTP",
          port: 80,
          protocolVersion: "HTTP1",
          ipAddressType: "IPV4",
          healthCheck: {
            enabled: true,
            protocol: "HTTP",
            protocolVersion: "HTTP1",
            path: "/",
            matcher: { value: "200" },
            healthCheckIntervalSeconds: 30,
            healthCheckTimeoutSeconds: 5,
            healthyThresholdCount: 5,
            unhealthyThresholdCount: 2,
          },
        },
        targets: [],
        invokePermissionName: undefined,
      },
    ]);
  });

  it.each<[LatticeListener, { name: string; protocol: string; port: number }]>([
    [{}, { name: "https-443", protocol: "HTTPS", port: 443 }],
    [{ protocol: "HTTP" }, { name: "http-80", protocol: "HTTP", port: 80 }],
    [
      { protocol: "HTTPS", port: 8443 },
      { name: "https-8443", protocol: "HTTPS", port: 8443 },
    ],
    [
      { protocol: "HTTP", name: "plain" },
      { name: "plain", protocol: "HTTP", port: 80 },
    ],
  ])("derives listener %j once: %j", (listener, expected) => {
    const r = resolveLatticeServiceArgs("orders", {
      targetGroups: { app: IP },
      listeners: [{ ...listener, forward: { app: 1 } }],
    });
    expect(r.listeners[0]).toMatchObject({ ...expected, logicalName: `orders-${expected.name}` });
  });

  it.each<[LatticeTargetGroup, Record<string, unknown>]>([
    [
      { ...IP, protocol: "HTTPS" },
      { protocol: "HTTPS", port: 443, protocolVersion: "HTTP1" },
    ],
    [
      { type: "INSTANCE", vpcId: "vpc-1", protocol: "HTTPS" },
      { protocol: "HTTPS", port: 443, healthCheck: { enabled: true, protocol: "HTTPS", path: "/" } },
    ],
    [{ type: "LAMBDA", targets: [{ id: "arn:aws:lambda:us-east-1:123456789012:function:f" }] }, {}],
    [
      { type: "INSTANCE", vpcId: "vpc-1", healthCheck: { enabled: false } },
      { healthCheck: { enabled: false } },
    ],
  ])("fills the target group defaults of %j", (tg, config) => {
    const r = resolveLatticeServiceArgs("orders", { targetGroups: { app: tg } });
    expect(r.targetGroups[0]?.config).toMatchObject(
      tg.type === "LAMBDA" ? { lambdaEventStructureVersion: "V2" } : config,
    );
  });

  it("accepts every target port from 1 to 65535 and refuses every other integer (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -70000, max: 140000 }), (port) => {
        const issues = issuesOf(() =>
          resolveLatticeServiceArgs("orders", { targetGroups: { app: { ...IP, port } } }),
        );
        expect(issues).toEqual(
          port >= 1 && port <= 65535 ? [] : ["targetGroups.app.port: an integer from 1 to 65535"],
        );
      }),
    );
  });

  it("accepts health-check intervals of 5 to 300 seconds only (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 400 }), (intervalSeconds) => {
        const issues = issuesOf(() =>
          resolveLatticeServiceArgs("orders", {
            targetGroups: { app: { ...IP, healthCheck: { intervalSeconds, timeoutSeconds: 1 } } },
          }),
        );
        const ok = intervalSeconds >= 5 && intervalSeconds <= 300;
        expect(
          issues.includes("targetGroups.app.healthCheck.intervalSeconds: an integer from 5 to 300"),
        ).toBe(!ok);
      }),
    );
  });

  it("names each rule by its name or priority, and each listener by its name (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }),
        (priorities) => {
          const r = resolveLatticeServiceArgs("orders", {
            targetGroups: { app: IP },
            listeners: [
              {
                forward: { app: 1 },
                rules: priorities.map((p) => ({ priority: p, method: "GET", forward: { app: 1 } })),
              },
            ],
          });
          expect(r.listeners[0]?.rules.map((x) => x.logicalName)).toEqual(
            priorities.map((p) => `orders-https-443-rule-${p}`),
          );
        },
      ),
    );
  });
});

describe("resolveServiceNetworkArgs", () => {
  it("fills every default of minimal arguments, child names included", () => {
    const r = resolveServiceNetworkArgs("mesh");
    expect(r.authType).toBe("AWS_IAM");
    expect(r.authRules).toBe("same-account");
    expect(r.share).toBeUndefined();
    expect(r.vpcAssociations).toEqual([]);
    expect(r.names).toEqual({ network: "mesh-network", authPolicy: "mesh-auth" });
    expect(r.accessLogs?.logGroup).toEqual({
      logicalName: "mesh-access-logs",
      namePrefix: "/aws/vendedlogs/vpclattice/mesh-",
      retentionInDays: 30,
    });
    const shared = resolveServiceNetworkArgs("mesh", { shareWith: { partner: "123456789012" } });
    expect(shared.share).toMatchObject({ logicalName: "mesh-share", allowExternalPrincipals: false });
    expect(resolveServiceNetworkArgs("mesh", { accessLogs: false }).accessLogs).toBeUndefined();
  });

  it("accepts 1 to 5 security groups per VPC association only (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), (n) => {
        const issues = issuesOf(() =>
          resolveServiceNetworkArgs("mesh", {
            vpcAssociations: [
              { vpcId: "vpc-1", securityGroupIds: Array.from({ length: n }, (_, i) => `sg-${i}`) },
            ],
          }),
        );
        expect(issues).toEqual(
          n >= 1 && n <= 5 ? [] : ["vpcAssociations[0].securityGroupIds: 1 to 5 security group ids"],
        );
      }),
    );
  });
});

describe("resolveGatewayApiControllerArgs", () => {
  const base = {
    clusterName: "apps",
    clusterArn: "arn:aws:eks:us-east-1:123456789012:cluster/apps",
    vpcId: "vpc-0a1b2c3d",
  };

  it("fills every default of minimal arguments, child names included", () => {
    const r = resolveGatewayApiControllerArgs("lattice", base);
    expect(r).toMatchObject({
      install: false,
      installGatewayApiCrds: false,
      namespace: "aws-application-networking-system",
      serviceAccountName: "gateway-api-controller",
      chartVersion: "v2.1.3",
      clusterArn: base.clusterArn,
      vpcId: base.vpcId,
      names: {
        role: "lattice-role",
        policy: "lattice-policy",
        podIdentity: "lattice-pod-identity",
        crds: "lattice-gateway-api-crds",
        chart: "lattice-chart",
      },
    });
  });

  it("installs the CRDs with the chart unless told otherwise, and needs a provider for either", () => {
    expect(issuesOf(() => resolveGatewayApiControllerArgs("lattice", { ...base, install: true }))).toEqual([
      "kubernetesProvider: a Kubernetes provider of the cluster when install or installGatewayApiCrds is true",
    ]);
  });

  it("accepts only component names whose role auto-name fits IAM's 64 characters (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), (n) => {
        const issues = issuesOf(() => resolveGatewayApiControllerArgs("x".repeat(n), base));
        expect(issues.length === 0).toBe(n + "-role".length + 8 <= 64);
      }),
    );
  });
});

describe("shared ARN checks (one parser: @berth/core parseArn)", () => {
  it.each([
    ["arn:aws:s3:::central-lattice-logs", true],
    ["arn:aws:firehose:us-east-1:123456789012:deliverystream/lattice", true],
    ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/x", true],
    ["arn:aws:s3:::bucket/prefix", false],
    ["arn:aws:sqs:us-east-1:123456789012:q", false],
    ["central-lattice-logs", false],
  ])("access log destination %s accepted: %s", (arn, ok) => {
    const issues = issuesOf(() => resolveServiceNetworkArgs("mesh", { accessLogDestinationArn: arn }));
    expect(issues.length === 0).toBe(ok);
  });

  it.each([
    ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/50dc6c495c0c9188", true],
    ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/api/50dc6c495c0c9188", false],
    ["arn:aws:lambda:us-east-1:123456789012:function:f", false],
  ])("ALB target %s accepted: %s", (id, ok) => {
    const issues = issuesOf(() =>
      resolveLatticeServiceArgs("orders", {
        targetGroups: { alb: { type: "ALB", vpcId: "vpc-1", targets: [{ id }] } },
      }),
    );
    expect(issues).toEqual(ok ? [] : ["targetGroups.alb.targets[0].id: an Application Load Balancer ARN"]);
  });
});

describe("arguments of the wrong shape (JavaScript, YAML or other-language callers)", () => {
  /** Runs `f`; a BerthValidationError is an answer, anything else (a TypeError) fails. */
  const answers = (f: () => unknown) => {
    issuesOf(f);
  };

  it("are a BerthValidationError naming the field, never a TypeError (property)", () => {
    const ip = { type: "IP", vpcId: "vpc-1" };
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (a, b, c) => {
        const service = (extra: object) => () =>
          resolveLatticeServiceArgs("x", { targetGroups: { app: ip }, ...extra } as never);
        answers(() => resolveLatticeServiceArgs("x", a as never));
        answers(() => resolveLatticeServiceArgs("x", { targetGroups: { app: a } } as never));
        answers(() =>
          resolveLatticeServiceArgs("x", {
            targetGroups: { app: { ...ip, targets: a, healthCheck: b } },
          } as never),
        );
        answers(service({ listeners: a }));
        answers(service({ listeners: [{ rules: a, forward: b, port: c }] }));
        answers(service({ serviceNetworks: a, authRules: b, tags: c }));
        answers(() => resolveServiceNetworkArgs("x", a as never));
        answers(() =>
          resolveServiceNetworkArgs("x", { vpcAssociations: a, shareWith: b, authRules: c } as never),
        );
        answers(() => resolveGatewayApiControllerArgs("x", a as never));
      }),
      { numRuns: 300 },
    );
  });

  it("names the field and what it should be", () => {
    expect(
      issuesOf(() =>
        resolveLatticeServiceArgs("orders", { targetGroups: { app: IP }, listeners: "https" } as never),
      ),
    ).toEqual(["listeners: a list"]);
    expect(
      issuesOf(() => resolveServiceNetworkArgs("mesh", { vpcAssociations: [undefined] } as never)),
    ).toEqual(["vpcAssociations[0]: a value"]);
    expect(issuesOf(() => resolveServiceNetworkArgs("mesh", null as never))).toEqual(["args: an object"]);
    // fast-check's counterexample: an object that cannot become a string, where a default name reads it.
    const odd = { toString: 0 };
    expect(
      issuesOf(() =>
        resolveLatticeServiceArgs("orders", {
          targetGroups: { app: IP },
          listeners: [
            {
              port: odd,
              forward: { app: 1 },
              rules: [{ priority: odd, method: "GET", forward: { app: 1 } }],
            },
          ],
        } as never),
      ),
    ).toEqual([
      "listeners[0].port: an integer from 1 to 65535",
      "listeners[0].rules[0].priority: an integer from 1 to 100",
    ]);
  });
});
