import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ecsLatticeTarget, LatticeService, type LatticeServiceArgs } from "../src";
import { errorOf, json, plan } from "./helpers";

const T = {
  service: "aws:vpclattice/service:Service",
  tg: "aws:vpclattice/targetGroup:TargetGroup",
  attach: "aws:vpclattice/targetGroupAttachment:TargetGroupAttachment",
  listener: "aws:vpclattice/listener:Listener",
  rule: "aws:vpclattice/listenerRule:ListenerRule",
  auth: "aws:vpclattice/authPolicy:AuthPolicy",
  assoc: "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
  logs: "aws:vpclattice/accessLogSubscription:AccessLogSubscription",
  permission: "aws:lambda/permission:Permission",
};

const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:orders-webhook";
const ALB =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/internal-api/50dc6c495c0c9188";

describe("LatticeService", () => {
  it("defaults to one HTTPS:443 listener forwarding to the only target group, IAM auth and access logs", async () => {
    const g = await plan(() => {
      new LatticeService("orders", {
        serviceNetworks: { mesh: "sn-0123456789abcdef0" },
        targetGroups: { app: { type: "IP", vpcId: "vpc-1", port: 8080 } },
      });
    });
    const svc = g.one(T.service, "orders-svc");
    expect(svc.inputs["authType"]).toBe("AWS_IAM");
    const tg = g.one(T.tg, "orders-tg-app");
    expect(tg.inputs).toMatchObject({
      type: "IP",
      config: {
        vpcIdentifier: "vpc-1",
        protocol: "HTTP",
        port: 8080,
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
    });
    expect(g.one(T.listener).inputs).toMatchObject({
      name: "https-443",
      protocol: "HTTPS",
      port: 443,
      serviceIdentifier: svc.id,
      defaultAction: { forwards: [{ targetGroups: [{ targetGroupIdentifier: tg.id, weight: 100 }] }] },
    });
    expect(g.one(T.assoc).inputs).toMatchObject({
      serviceIdentifier: svc.id,
      serviceNetworkIdentifier: "sn-0123456789abcdef0",
    });
    expect(json(g.one(T.auth).inputs["policy"])).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "SameAccountPrincipals",
          Effect: "Allow",
          Principal: { AWS: "123456789012" },
          Action: ["vpc-lattice-svcs:Invoke"],
          Resource: [`${svc.outputs["arn"]}/*`],
        },
      ],
    });
    const logGroup = g.one("aws:cloudwatch/logGroup:LogGroup", "orders-access-logs");
    // Under /aws/vendedlogs/ so the account's CloudWatch Logs resource policy does not grow per service.
    expect(logGroup.inputs).toMatchObject({
      namePrefix: "/aws/vendedlogs/vpclattice/orders-",
      retentionInDays: 30,
    });
    expect(g.one(T.logs).inputs).toMatchObject({
      resourceIdentifier: svc.outputs["arn"],
      destinationArn: logGroup.outputs["arn"],
    });
  });

  it("splits traffic 90/10 and routes by path, method and header with rules of their own weights", async () => {
    const g = await plan(() => {
      new LatticeService("orders", {
        targetGroups: {
          stable: { type: "IP", vpcId: "vpc-1", port: 8080 },
          canary: { type: "IP", vpcId: "vpc-1", port: 8080 },
        },
        listeners: [
          {
            forward: { stable: 90, canary: 10 },
            rules: [
              { priority: 10, headers: [{ name: "x-canary", exact: "always" }], forward: { canary: 1 } },
              {
                name: "writes",
                priority: 20,
                pathPrefix: "/orders",
                method: "POST",
                forward: { stable: 100, canary: 0 },
              },
              { priority: 30, pathExact: "/admin", pathCaseSensitive: true, fixedResponseStatus: 404 },
            ],
          },
        ],
      });
    });
    const stable = g.one(T.tg, "orders-tg-stable").id;
    const canary = g.one(T.tg, "orders-tg-canary").id;
    const listener = g.one(T.listener);
    expect(listener.inputs["defaultAction"]).toEqual({
      forwards: [
        {
          targetGroups: [
            { targetGroupIdentifier: stable, weight: 90 },
            { targetGroupIdentifier: canary, weight: 10 },
          ],
        },
      ],
    });
    const rules = g
      .ofType(T.rule)
      .map((r): Record<string, unknown> & { logical: string } => ({ ...r.inputs, logical: r.name }))
      .sort((a, b) => Number(a["priority"]) - Number(b["priority"]));
    expect(rules.map((r) => [r.logical, r["name"], r["priority"]])).toEqual([
      ["orders-https-443-rule-10", "rule-10", 10],
      ["orders-https-443-writes", "writes", 20],
      ["orders-https-443-rule-30", "rule-30", 30],
    ]);
    for (const r of rules) expect(r["listenerIdentifier"]).toBe(listener.outputs["listenerId"]);
    expect(rules[0]?.["match"]).toEqual({
      httpMatch: { headerMatches: [{ name: "x-canary", caseSensitive: false, match: { exact: "always" } }] },
    });
    expect(rules[0]?.["action"]).toEqual({
      forward: { targetGroups: [{ targetGroupIdentifier: canary, weight: 1 }] },
    });
    expect(rules[1]?.["match"]).toEqual({
      httpMatch: { method: "POST", pathMatch: { caseSensitive: false, match: { prefix: "/orders" } } },
    });
    expect(rules[1]?.["action"]).toEqual({
      forward: {
        targetGroups: [
          { targetGroupIdentifier: stable, weight: 100 },
          { targetGroupIdentifier: canary, weight: 0 },
        ],
      },
    });
    expect(rules[2]?.["match"]).toEqual({
      httpMatch: { pathMatch: { caseSensitive: true, match: { exact: "/admin" } } },
    });
    expect(rules[2]?.["action"]).toEqual({ fixedResponse: { statusCode: 404 } });
  });

  it("creates LAMBDA, ALB and INSTANCE target groups with their targets, Lambda invoke permission first", async () => {
    const g = await plan(() => {
      new LatticeService("edge", {
        targetGroups: {
          hook: { type: "LAMBDA", targets: [{ id: LAMBDA }] },
          legacy: { type: "ALB", vpcId: "vpc-1", protocol: "HTTPS", targets: [{ id: ALB }] },
          vms: {
            type: "INSTANCE",
            vpcId: "vpc-1",
            port: 9000,
            healthCheck: { path: "/ping", matcher: "200-299", intervalSeconds: 10, timeoutSeconds: 2 },
            targets: [{ id: "i-0123456789abcdef0" }, { id: "i-0fedcba9876543210", port: 9001 }],
          },
        },
        listeners: [
          {
            forward: { legacy: 1 },
            rules: [
              { priority: 1, pathPrefix: "/hooks", forward: { hook: 1 } },
              { priority: 2, pathPrefix: "/v1", forward: { vms: 1 } },
            ],
          },
        ],
      });
    });
    const hook = g.one(T.tg, "edge-tg-hook");
    expect(hook.inputs).toMatchObject({ type: "LAMBDA", config: { lambdaEventStructureVersion: "V2" } });
    expect(hook.inputs["config"]).toEqual({ lambdaEventStructureVersion: "V2" });
    const permission = g.one(T.permission, "edge-tg-hook-invoke");
    expect(permission.inputs).toMatchObject({
      action: "lambda:InvokeFunction",
      function: LAMBDA,
      principal: "vpc-lattice.amazonaws.com",
      sourceArn: hook.outputs["arn"],
    });
    const hookTarget = g.one(T.attach, "edge-tg-hook-target");
    expect(hookTarget.inputs).toEqual({ targetGroupIdentifier: hook.id, target: { id: LAMBDA } });
    expect(g.dependsOn(hookTarget.urn, permission.urn)).toBe(true);

    const legacy = g.one(T.tg, "edge-tg-legacy");
    expect(legacy.inputs["config"]).toEqual({
      vpcIdentifier: "vpc-1",
      protocol: "HTTPS",
      port: 443,
      protocolVersion: "HTTP1",
    });
    expect(g.one(T.attach, "edge-tg-legacy-target").inputs["target"]).toEqual({ id: ALB });

    const vms = g.one(T.tg, "edge-tg-vms");
    expect(vms.inputs["config"]).toMatchObject({
      port: 9000,
      healthCheck: {
        path: "/ping",
        matcher: { value: "200-299" },
        healthCheckIntervalSeconds: 10,
        healthCheckTimeoutSeconds: 2,
      },
    });
    expect(g.one(T.attach, "edge-tg-vms-target-i-0fedcba9876543210").inputs["target"]).toEqual({
      id: "i-0fedcba9876543210",
      port: 9001,
    });
    expect(g.count(T.permission)).toBe(1);
  });

  it("passes TLS through to TCP targets on the custom domain, health checks off by default", async () => {
    const g = await plan(() => {
      new LatticeService("ledger", {
        customDomainName: "ledger.internal.example.com",
        targetGroups: { app: { type: "IP", vpcId: "vpc-1", protocol: "TCP", port: 8443 } },
        listeners: [{ protocol: "TLS_PASSTHROUGH", forward: { app: 1 } }],
        authRules: [{ principals: { anyone: true }, sourceVpcs: ["vpc-1"] }],
      });
    });
    expect(g.one(T.service).inputs["customDomainName"]).toBe("ledger.internal.example.com");
    expect(g.one(T.tg).inputs["config"]).toEqual({
      vpcIdentifier: "vpc-1",
      protocol: "TCP",
      port: 8443,
      ipAddressType: "IPV4",
      healthCheck: { enabled: false },
    });
    expect(g.one(T.listener).inputs).toMatchObject({
      name: "tls-443",
      protocol: "TLS_PASSTHROUGH",
      port: 443,
    });
    const policy = json(g.one(T.auth).inputs["policy"]) as { Statement: Array<Record<string, unknown>> };
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: "*",
        Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": ["vpc-1"] } },
      }),
    ]);
  });

  it("serves HTTPS on a custom domain with its certificate", async () => {
    const cert = "arn:aws:acm:us-east-1:123456789012:certificate/0b2f1c4e-1111-2222-3333-444455556666";
    const g = await plan(() => {
      new LatticeService("orders", {
        serviceName: "orders-api",
        customDomainName: "orders.internal.example.com",
        certificateArn: cert,
        targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
        listeners: [{ forward: { app: 1 } }, { protocol: "HTTP", forward: { app: 1 } }],
      });
    });
    expect(g.one(T.service).inputs).toMatchObject({
      name: "orders-api",
      customDomainName: "orders.internal.example.com",
      certificateArn: cert,
    });
    expect(g.ofType(T.listener).map((l) => [l.inputs["name"], l.inputs["port"]])).toEqual([
      ["https-443", 443],
      ["http-80", 80],
    ]);
  });

  it("gives an ECS service the target group ARN and port name to register its tasks", async () => {
    let target: { arn: string; portName: string } | undefined;
    const g = await plan(() => {
      const svc = new LatticeService("orders", { targetGroups: { app: { type: "IP", vpcId: "vpc-1" } } });
      const t = ecsLatticeTarget(svc, "app", "http");
      t.targetGroupArn.apply((arn) => {
        target = { arn, portName: t.portName };
      });
      expect(() => ecsLatticeTarget(svc, "canary", "http")).toThrow(
        'ecsLatticeTarget: the Lattice service has no target group "canary"; it has "app".',
      );
    });
    expect(target).toEqual({ arn: g.one(T.tg).outputs["arn"], portName: "http" });
  });
});

describe("LatticeService validation", () => {
  const bad = async (args: LatticeServiceArgs, name = "orders") =>
    errorOf(
      plan(() => {
        new LatticeService(name, args);
      }),
    );
  const lines = (message: string) => message.split("\n").slice(1);

  it("refuses NONE auth unless allowed, and rules with it", async () => {
    const m = await bad({
      authType: "NONE",
      authRules: [{ principals: { authenticated: true } }],
      targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
    });
    expect(lines(m)).toEqual([
      '  - authType: got "NONE"; allowed: "AWS_IAM", or "NONE" together with allowUnauthenticated: true. Hint: NONE lets any client of an associated VPC call the service',
      '  - authRules: got "1 rules"; allowed: no auth rules with authType "NONE" (the policy would be inactive).',
    ]);
  });

  it("checks weights, priorities, matches and actions of every listener", async () => {
    const m = await bad({
      targetGroups: {
        stable: { type: "IP", vpcId: "vpc-1" },
        canary: { type: "IP", vpcId: "vpc-1" },
      },
      listeners: [
        {
          forward: { stable: 0, canary: 0 },
          rules: [
            { priority: 5, pathPrefix: "/a", forward: { stable: 1000 } },
            { priority: 5, method: "FETCH", forward: { blue: 1 } },
            { priority: 101, fixedResponseStatus: 404 },
            {
              priority: 7,
              pathExact: "a",
              pathPrefix: "/b",
              headers: [{ name: "x", exact: "1", prefix: "2" }],
              forward: { stable: 1 },
              fixedResponseStatus: 404,
            },
          ],
        },
        { protocol: "HTTP", port: 443, forward: { stable: 1 } },
      ],
    });
    expect(lines(m)).toEqual([
      '  - listeners[0].forward: got {"stable":0,"canary":0}; allowed: weights with at least one above 0 (all 0 sends no traffic anywhere).',
      "  - listeners[0].rules[1].priority: got 5; allowed: a priority unique within the listener (rules[0] has 5).",
      "  - listeners[0].rules[2].priority: got 101; allowed: an integer from 1 to 100.",
      "  - listeners[0].rules[0].forward.stable: got 1000; allowed: an integer from 0 to 999.",
      '  - listeners[0].rules[1].method: got "FETCH"; allowed: one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH.',
      '  - listeners[0].rules[1].forward.blue: got "blue"; allowed: a target group of this service: "stable", "canary".',
      '  - listeners[0].rules[2]: got {"priority":101,"fixedResponseStatus":404}; allowed: a rule with at least one of pathExact, pathPrefix, method or headers.',
      '  - listeners[0].rules[3].pathPrefix: got "/b"; allowed: unset when pathExact is set (one path match per rule).',
      '  - listeners[0].rules[3].pathExact: got "a"; allowed: a path starting with "/", at most 200 characters.',
      '  - listeners[0].rules[3].headers[0]: got {"name":"x","exact":"1","prefix":"2"}; allowed: exactly one of exact, prefix or contains.',
      '  - listeners[0].rules[3]: got {"forward":{"stable":1},"fixedResponseStatus":404}; allowed: exactly one of forward or fixedResponseStatus.',
      "  - listeners[1].port: got 443; allowed: a port unique in the service (listeners[0] uses 443).",
    ]);
  });

  it("checks the access-log group name built from the component name", async () => {
    const m = await bad(
      {
        serviceName: "orders",
        targetGroups: { app: { type: "IP", vpcId: "vpc-1", targetGroupName: "orders-app" } },
      },
      "orders:v2",
    );
    expect(lines(m)).toEqual([
      '  - name: got "orders:v2"; allowed: a component name that makes a valid log group name "/aws/vendedlogs/vpclattice/orders:v2-<26 characters>" (at most 512 characters of a-z, A-Z, 0-9, _, -, /, . and #). Hint: or set accessLogDestinationArn',
    ]);
  });

  it("refuses unknown properties at every level with the nearest known key, and a missing targetGroups", async () => {
    const m = await bad({
      targetGroups: {
        app: {
          type: "IP",
          vpcId: "vpc-1",
          healthCheck: { paths: "/healthz" },
          targets: [{ id: "10.0.0.1", Port: 8080 }],
        },
      },
      listeners: [
        {
          forward: { app: 1 },
          rules: [
            {
              priority: 1,
              pathPrefix: "/a",
              forward: { app: 1 },
              headers: [{ name: "x", exact: "1", caseSensitve: true }],
            },
          ],
          protocols: "HTTP",
        },
      ],
      tag: {},
    } as unknown as LatticeServiceArgs);
    expect(lines(m)).toEqual([
      '  - tag: got {}; allowed: no such property. Hint: did you mean "tags"?',
      '  - targetGroups.app.healthCheck.paths: got "/healthz"; allowed: no such property. Hint: did you mean "path"?',
      '  - targetGroups.app.targets[0].Port: got 8080; allowed: no such property. Hint: did you mean "port"?',
      '  - listeners[0].protocols: got "HTTP"; allowed: no such property. Hint: did you mean "protocol"?',
      '  - listeners[0].rules[0].headers[0].caseSensitve: got true; allowed: no such property. Hint: did you mean "caseSensitive"?',
    ]);
    const missing = await bad({} as unknown as LatticeServiceArgs);
    expect(lines(missing)).toEqual(["  - targetGroups: got {}; allowed: at least one target group."]);
  });

  it("checks service network identifiers and the certificate ARN by service and type, also once known", async () => {
    const m = await bad({
      serviceNetworks: {
        mesh: "mesh",
        other: "arn:aws:vpc-lattice:us-east-1:123456789012:service/svc-0123456789abcdef0",
      },
      customDomainName: "orders.example.com",
      certificateArn: "arn:aws:iam::123456789012:server-certificate/orders",
      targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
    });
    expect(lines(m)).toEqual([
      '  - serviceNetworks.mesh: got "mesh"; allowed: a service network id (sn- and 17 characters) or its ARN.',
      '  - serviceNetworks.other: got "arn:aws:vpc-lattice:us-east-1:123456789012:service/svc-0123456789abcdef0"; allowed: a service network id (sn- and 17 characters) or its ARN.',
      '  - certificateArn: got "arn:aws:iam::123456789012:server-certificate/orders"; allowed: an ARN of an acm certificate (arn:<partition>:acm:<region>:<account>:certificate/...).',
    ]);
    const late = await errorOf(
      plan(() => {
        new LatticeService("orders", {
          serviceNetworks: { mesh: pulumi.output("mesh") },
          targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
        });
      }),
    );
    expect(late).toContain(
      '  - serviceNetworks.mesh: got "mesh"; allowed: a service network id (sn- and 17 characters) or its ARN.',
    );
  });

  it("allows only the fixed responses Lattice supports: 404 and 500", async () => {
    const m = await bad({
      targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
      listeners: [
        {
          fixedResponseStatus: 403,
          rules: [
            { priority: 1, pathPrefix: "/gone", fixedResponseStatus: 200 },
            { priority: 2, pathPrefix: "/missing", fixedResponseStatus: 404 },
            { priority: 3, pathPrefix: "/broken", fixedResponseStatus: 500 },
          ],
        },
      ],
    });
    expect(lines(m)).toEqual([
      "  - listeners[0].fixedResponseStatus: got 403; allowed: one of 404, 500 (the only fixed responses Lattice supports).",
      "  - listeners[0].rules[0].fixedResponseStatus: got 200; allowed: one of 404, 500 (the only fixed responses Lattice supports).",
    ]);
  });

  it("checks protocol and port combinations: TLS passthrough, HTTPS on a custom domain", async () => {
    const m = await bad({
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x",
      targetGroups: {
        web: { type: "IP", vpcId: "vpc-1" },
        tcp: { type: "IP", vpcId: "vpc-1", protocol: "TCP", port: 8443 },
        fn: { type: "LAMBDA", targets: [{ id: LAMBDA }] },
      },
      listeners: [
        {
          protocol: "TLS_PASSTHROUGH",
          forward: { web: 1, fn: 1 },
          rules: [{ priority: 1, pathPrefix: "/x", forward: { tcp: 1 } }],
        },
        { protocol: "HTTPS", port: 8443, forward: { tcp: 1 } },
        { protocol: "HTTP", port: 70000, forward: { web: 1 } },
      ],
    });
    expect(lines(m)).toEqual([
      '  - certificateArn: got "arn:aws:acm:us-east-1:123456789012:certificate/x"; allowed: unset unless customDomainName is set (the Lattice domain uses a certificate Lattice manages).',
      "  - customDomainName: got undefined; allowed: a custom domain name (TLS_PASSTHROUGH routes on SNI).",
      '  - listeners[0].rules: got "1 rules"; allowed: no rules on a TLS_PASSTHROUGH listener (only the default action).',
      '  - listeners[0].forward.web: got "web"; allowed: a TCP target group on a TLS_PASSTHROUGH listener (web is HTTP).',
      '  - listeners[0].forward.fn: got "fn"; allowed: a TCP target group on a TLS_PASSTHROUGH listener (fn is LAMBDA).',
      '  - listeners[0].forward.fn: got "fn"; allowed: no Lambda target group behind TLS_PASSTHROUGH.',
      '  - listeners[1].forward.tcp: got "tcp"; allowed: an HTTP, HTTPS or LAMBDA target group on an HTTP/HTTPS listener (TCP needs TLS_PASSTHROUGH).',
      "  - listeners[2].port: got 70000; allowed: an integer from 1 to 65535.",
      '  - authRules: got "the same-account default"; allowed: a rule with principals.anyone and a condition such as sourceVpcs (TLS passthrough callers are anonymous to Lattice). Hint: or authType "NONE" with allowUnauthenticated: true',
    ]);
    const noCert = await bad({
      customDomainName: "orders.example.com",
      targetGroups: { web: { type: "IP", vpcId: "vpc-1" } },
    });
    expect(lines(noCert)).toEqual([
      "  - certificateArn: got undefined; allowed: an ACM certificate ARN for the custom domain (HTTPS listener).",
    ]);
  });

  it("checks target types against their targets and settings", async () => {
    const m = await bad({
      targetGroups: {
        Web: { type: "IP", vpcId: "vpc-1", targets: [{ id: "10.0.0.300" }] },
        fn: { type: "LAMBDA", port: 80, healthCheck: {}, targets: [{ id: LAMBDA }, { id: "orders" }] },
        alb: { type: "ALB", healthCheck: { path: "/" }, targets: [{ id: "i-0123456789abcdef0" }] },
        vm: { type: "INSTANCE", vpcId: "vpc-1", protocol: "TCP", targets: [{ id: "10.0.0.1" }] },
        hc: {
          type: "IP",
          vpcId: "vpc-1",
          healthCheck: {
            intervalSeconds: 5,
            timeoutSeconds: 5,
            healthyThreshold: 11,
            matcher: "ok",
            path: "health",
          },
        },
      },
      listeners: [{ forward: { alb: 1 } }],
    });
    expect(lines(m)).toEqual([
      '  - targetGroups.Web: got "Web"; allowed: a key of at most 20 lowercase letters, digits and single hyphens.',
      '  - targetGroups.Web.targets[0].id: got "10.0.0.300"; allowed: an IPv4 address.',
      "  - targetGroups.fn.port: got 80; allowed: unset for a LAMBDA target group (Lattice invokes the function).",
      "  - targetGroups.fn.healthCheck: got {}; allowed: unset for a LAMBDA target group (Lattice invokes the function).",
      '  - targetGroups.fn.targets: got "2 targets"; allowed: exactly one Lambda function ARN.',
      '  - targetGroups.fn.targets[1].id: got "orders"; allowed: a Lambda function ARN.',
      "  - targetGroups.alb.vpcId: got undefined; allowed: a VPC id (required for type ALB).",
      '  - targetGroups.alb.healthCheck: got {"path":"/"}; allowed: unset for an ALB target group (the ALB checks its own targets).',
      '  - targetGroups.alb.targets[0].id: got "i-0123456789abcdef0"; allowed: an Application Load Balancer ARN.',
      "  - targetGroups.vm.port: got undefined; allowed: a port (required for TCP target groups).",
      '  - targetGroups.vm.targets[0].id: got "10.0.0.1"; allowed: an EC2 instance id (i-...).',
      '  - targetGroups.hc.healthCheck.path: got "health"; allowed: a path starting with "/".',
      '  - targetGroups.hc.healthCheck.matcher: got "ok"; allowed: HTTP codes such as "200", "200,204" or "200-299".',
      "  - targetGroups.hc.healthCheck.healthyThreshold: got 11; allowed: an integer from 2 to 10.",
      "  - targetGroups.hc.healthCheck.timeoutSeconds: got 5; allowed: less than intervalSeconds (5).",
    ]);
  });

  it("asks for listeners when several target groups exist, and checks the service name", async () => {
    const m = await bad(
      {
        serviceName: "Orders_API",
        targetGroups: { a: { type: "IP", vpcId: "vpc-1" }, b: { type: "IP", vpcId: "vpc-1" } },
      },
      "orders",
    );
    expect(lines(m)).toEqual([
      '  - serviceName: got "Orders_API"; allowed: 3 to 40 characters of a-z, 0-9 and single hyphens, not starting or ending with a hyphen, not starting with "svc-".',
      "  - listeners: got undefined; allowed: listeners with a forward action naming the target groups (a, b). Hint: with more than one target group, say how traffic is split, e.g. forward: { stable: 90, canary: 10 }",
    ]);
  });

  it("creates one rule per unique priority and refuses any repeated one (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        async (priorities) => {
          const program = () => {
            new LatticeService("orders", {
              targetGroups: { app: { type: "IP", vpcId: "vpc-1" } },
              listeners: [
                {
                  forward: { app: 1 },
                  rules: priorities.map((p) => ({ priority: p, pathPrefix: `/p${p}`, forward: { app: 1 } })),
                },
              ],
            });
          };
          if (new Set(priorities).size === priorities.length) {
            const g = await plan(program);
            expect(
              g
                .ofType(T.rule)
                .map((r) => r.inputs["priority"])
                .sort((a, b) => Number(a) - Number(b)),
            ).toEqual([...priorities].sort((a, b) => a - b));
          } else {
            expect(await errorOf(plan(program))).toMatch(
              /rules\[\d\]\.priority: got \d+; allowed: a priority unique within the listener/,
            );
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it("sends every valid canary split to the listener unchanged (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        async (stable, canary) => {
          fc.pre(stable + canary > 0);
          const g = await plan(() => {
            new LatticeService("orders", {
              targetGroups: {
                stable: { type: "IP", vpcId: "vpc-1" },
                canary: { type: "IP", vpcId: "vpc-1" },
              },
              listeners: [{ forward: { stable, canary } }],
            });
          });
          const weights = (
            g.one(T.listener).inputs["defaultAction"] as {
              forwards: Array<{ targetGroups: Array<{ weight: number }> }>;
            }
          ).forwards[0]?.targetGroups.map((t) => t.weight);
          expect(weights).toEqual([stable, canary]);
        },
      ),
      { numRuns: 25 },
    );
  });
});
