import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { FargateService, type FargateServiceArgs, grants } from "../src";
import { inlinePolicy, json, plan, planError, SERVICE_NET } from "./helpers";

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

describe("FargateService defaults", () => {
  it("creates the task definition, roles, log group, security group and service with secure defaults", async () => {
    const g = await plan(() => {
      new FargateService("web", base);
    });
    const component = g.one("berth:ecs:FargateService", "web");
    expect(
      g
        .childrenOf(component.urn)
        .map((r) => r.type)
        .sort(),
    ).toEqual([
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:ec2/securityGroup:SecurityGroup",
      "aws:ecs/service:Service",
      "aws:ecs/taskDefinition:TaskDefinition",
      "aws:iam/role:Role",
      "aws:iam/role:Role",
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    ]);
    const td = g.one("aws:ecs/taskDefinition:TaskDefinition", "web-taskdef");
    expect(td.inputs).toMatchObject({
      family: "berth-dev-web",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "256",
      memory: "512",
      runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
      volumes: [],
    });
    const [container] = json<Array<Record<string, unknown>>>(td.inputs["containerDefinitions"]);
    expect(container).toMatchObject({ name: "app", readonlyRootFilesystem: true, essential: true });
    expect(container?.["logConfiguration"]).toEqual({
      logDriver: "awslogs",
      options: {
        "awslogs-group": "/ecs/berth-dev-web",
        "awslogs-region": "us-east-1",
        "awslogs-stream-prefix": "ecs",
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    });
    expect(g.one("aws:cloudwatch/logGroup:LogGroup", "web-logs").inputs).toMatchObject({
      name: "/ecs/berth-dev-web",
      retentionInDays: 30,
    });

    const svc = g.one("aws:ecs/service:Service", "web-service");
    expect(svc.inputs).toMatchObject({
      desiredCount: 2,
      capacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
      networkConfiguration: { assignPublicIp: false, subnets: ["subnet-a", "subnet-b"] },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentConfiguration: { strategy: "ROLLING" },
      deploymentController: { type: "ECS" },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      waitForSteadyState: true,
      enableExecuteCommand: false,
      propagateTags: "SERVICE",
    });
    expect(svc.inputs["launchType"]).toBeUndefined();
    expect(svc.options.ignoreChanges ?? []).toEqual([]);
    expect(g.dependsOn(svc.urn, td.urn)).toBe(true);
    // No ingress at all without a load balancer or named sources.
    expect(g.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toHaveLength(0);
    expect(g.one("aws:ec2/securityGroup:SecurityGroup", "web-sg").inputs["vpcId"]).toBe("vpc-1");
  });

  it("gives the execution role exactly its repository, log group and secrets, trusted only from this account", async () => {
    const g = await plan(() => {
      const secret = new aws.secretsmanager.Secret("db");
      new FargateService("web", {
        ...base,
        containers: [
          {
            name: "app",
            image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
            secrets: {
              DB_PASSWORD: { secret, jsonKey: "password" },
              API_KEY: { parameterArn: "arn:aws:ssm:us-east-1:123456789012:parameter/web/api-key" },
            },
          },
          { name: "proxy", image: "public.ecr.aws/nginx/nginx:1.27", readonlyRootFilesystem: false },
        ],
        kmsKeyArns: ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
      });
    });
    const secretArn = g.one("aws:secretsmanager/secret:Secret", "db").outputs["arn"];
    expect(inlinePolicy(g, "web-execution")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "WriteLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/berth-dev-web:log-stream:*"],
        },
        { Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
        {
          Sid: "PullImages",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Resource: ["arn:aws:ecr:us-east-1:123456789012:repository/web"],
        },
        {
          Sid: "ReadSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue"],
          Resource: [secretArn],
        },
        {
          Sid: "ReadParameters",
          Effect: "Allow",
          Action: ["ssm:GetParameters"],
          Resource: ["arn:aws:ssm:us-east-1:123456789012:parameter/web/api-key"],
        },
        {
          Sid: "DecryptSecrets",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
        },
      ],
    });
    const trust = json(g.one("aws:iam/role:Role", "web-execution").inputs["assumeRolePolicy"]);
    expect(trust).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: ["sts:AssumeRole"],
          Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
        },
      ],
    });
    // The task role gets nothing it was not granted.
    expect(g.one("aws:iam/role:Role", "web-task").inputs["inlinePolicies"]).toEqual([]);
    const defs = json<Array<Record<string, unknown>>>(
      g.one("aws:ecs/taskDefinition:TaskDefinition", "web-taskdef").inputs["containerDefinitions"],
    );
    expect(defs[0]?.["secrets"]).toEqual([
      { name: "API_KEY", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/web/api-key" },
      { name: "DB_PASSWORD", valueFrom: `${secretArn}:password::` },
    ]);
    expect(defs[1]?.["readonlyRootFilesystem"]).toBe(false);
  });

  it("adopts given roles instead of creating them", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        executionRoleArn: "arn:aws:iam::123456789012:role/exec",
        taskRoleArn: "arn:aws:iam::123456789012:role/task",
      });
    });
    expect(g.ofType("aws:iam/role:Role")).toHaveLength(0);
    expect(g.one("aws:ecs/taskDefinition:TaskDefinition", "web-taskdef").inputs).toMatchObject({
      executionRoleArn: "arn:aws:iam::123456789012:role/exec",
      taskRoleArn: "arn:aws:iam::123456789012:role/task",
    });
  });
});

describe("FargateService load balancing", () => {
  it("attaches to an existing ALB listener: rule by host and path, ip target group, ingress only from the ALB", async () => {
    const g = await plan(() => {
      new FargateService("api", {
        ...base,
        loadBalancer: {
          listenerArn: listener,
          securityGroupId: "sg-alb",
          hostHeaders: ["api.example.com"],
          pathPatterns: ["/v1/*"],
          priority: 42,
          healthCheckPath: "/health",
        },
      });
    });
    const rule = g.one("aws:lb/listenerRule:ListenerRule", "api-rule");
    const tg = g.one("aws:lb/targetGroup:TargetGroup", "api-tg");
    expect(rule.inputs).toMatchObject({
      listenerArn: listener,
      priority: 42,
      conditions: [{ hostHeader: { values: ["api.example.com"] } }, { pathPattern: { values: ["/v1/*"] } }],
      actions: [{ type: "forward", targetGroupArn: tg.outputs["arn"] }],
    });
    expect(tg.inputs).toMatchObject({
      targetType: "ip",
      port: 8080,
      protocol: "HTTP",
      vpcId: "vpc-1",
      deregistrationDelay: 30,
      healthCheck: { enabled: true, path: "/health", matcher: "200-399", interval: 15 },
    });
    const ingress = g.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(ingress.map((r) => r.inputs)).toEqual([
      expect.objectContaining({
        referencedSecurityGroupId: "sg-alb",
        fromPort: 8080,
        toPort: 8080,
        ipProtocol: "tcp",
      }),
    ]);
    const svc = g.one("aws:ecs/service:Service", "api-service");
    expect(svc.inputs["loadBalancers"]).toEqual([
      { targetGroupArn: tg.outputs["arn"], containerName: "app", containerPort: 8080 },
    ]);
    expect(svc.inputs["healthCheckGracePeriodSeconds"]).toBe(60);
    expect(g.dependsOn(svc.urn, rule.urn)).toBe(true);
    // The only explicit dependsOn is the real one: ECS refuses a target group without a load balancer.
    expect(svc.explicitDependencies).toEqual([rule.urn]);
  });

  it("creates an ALB with HTTPS (TLS 1.3 policy), an HTTP-to-HTTPS redirect and invalid-header dropping", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        loadBalancer: {
          create: {
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c",
            subnetIds: ["subnet-pub-a", "subnet-pub-b"],
          },
        },
      });
    });
    expect(g.one("aws:lb/loadBalancer:LoadBalancer", "web-alb").inputs).toMatchObject({
      loadBalancerType: "application",
      internal: false,
      subnets: ["subnet-pub-a", "subnet-pub-b"],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: true,
      desyncMitigationMode: "defensive",
    });
    expect(g.one("aws:lb/loadBalancer:LoadBalancer", "web-alb").inputs["accessLogs"]).toBeUndefined();
    expect(g.one("aws:lb/listener:Listener", "web-https").inputs).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c",
    });
    expect(g.one("aws:lb/listener:Listener", "web-http").inputs).toMatchObject({
      port: 80,
      protocol: "HTTP",
      defaultActions: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
      ],
    });
    expect(g.one("aws:lb/listenerRule:ListenerRule", "web-rule").inputs["conditions"]).toEqual([
      { pathPattern: { values: ["/*"] } },
    ]);
    const albSg = g.one("aws:ec2/securityGroup:SecurityGroup", "web-alb-sg").id;
    const taskSg = g.one("aws:ec2/securityGroup:SecurityGroup", "web-sg").id;
    const taskIngress = g
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .filter((r) => r.inputs["securityGroupId"] === taskSg);
    expect(taskIngress.map((r) => r.inputs["referencedSecurityGroupId"])).toEqual([albSg]);
    expect(taskIngress.some((r) => r.inputs["cidrIpv4"] !== undefined)).toBe(false);
  });

  it("attaches to an NLB with a listener and a TCP ip target group; the NLB subnets reach the tasks", async () => {
    const g = await plan(() => {
      new FargateService("tcp", {
        ...base,
        networkLoadBalancer: {
          loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1",
          port: 5432,
          subnetCidrs: ["10.0.0.0/24", "10.0.1.0/24"],
        },
      });
    });
    expect(g.one("aws:lb/targetGroup:TargetGroup", "tcp-tg").inputs).toMatchObject({
      targetType: "ip",
      protocol: "TCP",
      port: 8080,
      preserveClientIp: "false",
      healthCheck: { protocol: "TCP" },
    });
    expect(
      (g.one("aws:lb/targetGroup:TargetGroup", "tcp-tg").inputs["healthCheck"] as Record<string, unknown>)[
        "port"
      ],
    ).toBeUndefined();
    expect(g.one("aws:lb/listener:Listener", "tcp-listener").inputs).toMatchObject({
      port: 5432,
      protocol: "TCP",
    });
    // Client IPs are not preserved for TCP ip targets: traffic and health checks come from the NLB subnets.
    expect(
      g
        .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .map((r) => [r.inputs["cidrIpv4"], r.inputs["ipProtocol"], r.inputs["fromPort"]]),
    ).toEqual([
      ["10.0.0.0/24", "tcp", 8080],
      ["10.0.1.0/24", "tcp", 8080],
    ]);
  });

  it("opens UDP as udp, checks health on a given TCP port, and keeps client CIDRs (item 3)", async () => {
    const g = await plan(() => {
      new FargateService("dns", {
        ...base,
        containers: [
          {
            name: "dns",
            image: "public.ecr.aws/example/dns:1",
            portMappings: [
              { containerPort: 53, protocol: "udp" },
              { containerPort: 8081, name: "health" },
            ],
          },
        ],
        networkLoadBalancer: {
          loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1",
          port: 53,
          protocol: "UDP",
          containerPort: 53,
          healthCheckPort: 8081,
          subnetCidrs: ["10.0.0.0/24"],
          sourceCidrs: ["192.168.0.0/16"],
        },
        ingressCidrs: ["10.9.0.0/16"],
      });
    });
    expect(g.one("aws:lb/targetGroup:TargetGroup", "dns-tg").inputs).toMatchObject({
      protocol: "UDP",
      healthCheck: { protocol: "TCP", port: "8081" },
    });
    // UDP target groups always preserve client IPs; the attribute is not sent.
    expect(g.one("aws:lb/targetGroup:TargetGroup", "dns-tg").inputs["preserveClientIp"]).toBeUndefined();
    const rules = g
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .map((r) => `${r.inputs["cidrIpv4"]} ${r.inputs["ipProtocol"]} ${r.inputs["fromPort"]}`)
      .sort();
    expect(rules).toEqual([
      "10.0.0.0/24 tcp 8081",
      "10.0.0.0/24 udp 53",
      "10.9.0.0/16 tcp 8081",
      "10.9.0.0/16 udp 53",
      "192.168.0.0/16 udp 53",
    ]);
  });

  it("refuses NLB settings that would leave targets unhealthy (item 3)", async () => {
    const nlbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1";
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            networkLoadBalancer: { loadBalancerArn: nlbArn, port: 5432, sourceCidrs: ["10.0.0.0/16"] },
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        "  - networkLoadBalancer.subnetCidrs: got undefined; allowed: the CIDR blocks of the NLB subnets (health checks come from the NLB private addresses), or the NLB securityGroupId.\n" +
        '  - networkLoadBalancer.sourceCidrs: got ["10.0.0.0/16"]; allowed: client CIDRs only with preserveClientIp: true (TCP and TLS ip targets otherwise see the NLB addresses, so subnetCidrs cover the traffic).',
    );
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            networkLoadBalancer: {
              loadBalancerArn: nlbArn,
              port: 53,
              protocol: "UDP",
              subnetCidrs: ["10.0.0.0/24"],
            },
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        "  - networkLoadBalancer.healthCheckPort: got undefined; allowed: a TCP port the container answers health checks on (required for a UDP listener).\n" +
        '  - networkLoadBalancer.protocol: got "UDP"; allowed: a protocol the container port 8080 is mapped with (tcp); UDP needs udp port mappings.',
    );
  });

  it("deploys blue/green behind an NLB: alternate target group, listener as production rule (item 3)", async () => {
    const g = await plan(() => {
      new FargateService("tcp", {
        ...base,
        networkLoadBalancer: {
          loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1",
          port: 5432,
          securityGroupId: "sg-nlb",
        },
        deployment: { strategy: "BLUE_GREEN" },
      });
    });
    const svc = g.one("aws:ecs/service:Service", "tcp-service");
    const listenerRes = g.one("aws:lb/listener:Listener", "tcp-listener");
    expect(svc.inputs["loadBalancers"]).toEqual([
      {
        targetGroupArn: g.one("aws:lb/targetGroup:TargetGroup", "tcp-tg").outputs["arn"],
        containerName: "app",
        containerPort: 8080,
        advancedConfiguration: {
          alternateTargetGroupArn: g.one("aws:lb/targetGroup:TargetGroup", "tcp-tg-alt").outputs["arn"],
          productionListenerRule: listenerRes.outputs["arn"],
          roleArn: g.one("aws:iam/role:Role", "tcp-lb-role").outputs["arn"],
        },
      },
    ]);
    expect(listenerRes.options.ignoreChanges).toEqual(["defaultActions"]);
  });
});

describe("FargateService scaling, capacity and ownership", () => {
  it("with autoscaling, the autoscaler owns desiredCount: target tracking, step and scheduled actions", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb" },
        spot: { base: 1, weight: 3 },
        autoscaling: {
          minCapacity: 2,
          maxCapacity: 10,
          cpuTarget: 60,
          memoryTarget: 75,
          requestsPerTarget: 800,
          steps: [
            {
              name: "latency",
              namespace: "AWS/ApplicationELB",
              metricName: "TargetResponseTime",
              dimensions: { LoadBalancer: "app/shared/50dc6c495c0c9188" },
              threshold: 1,
              steps: [
                { lower: 0, upper: 1, change: 1 },
                { lower: 1, change: 3 },
              ],
            },
          ],
          schedules: [
            {
              name: "office",
              schedule: "cron(0 8 ? * MON-FRI *)",
              timezone: "Europe/Berlin",
              minCapacity: 4,
            },
          ],
        },
      });
    });
    const svc = g.one("aws:ecs/service:Service", "web-service");
    expect(svc.options.ignoreChanges).toEqual(["desiredCount"]);
    expect(svc.inputs["desiredCount"]).toBe(2);
    expect(svc.inputs["capacityProviderStrategies"]).toEqual([
      { capacityProvider: "FARGATE", base: 1, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ]);
    expect(g.one("aws:appautoscaling/target:Target", "web-scaling").inputs).toMatchObject({
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/apps/${svc.outputs["name"]}`,
      minCapacity: 2,
      maxCapacity: 10,
    });
    const tracking = (n: string) =>
      g.one("aws:appautoscaling/policy:Policy", n).inputs["targetTrackingScalingPolicyConfiguration"];
    expect(tracking("web-cpu")).toMatchObject({
      targetValue: 60,
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
    });
    expect(tracking("web-memory")).toMatchObject({
      targetValue: 75,
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" },
    });
    const tgSuffix = g.one("aws:lb/targetGroup:TargetGroup", "web-tg").outputs["arnSuffix"];
    expect(tracking("web-requests")).toMatchObject({
      targetValue: 800,
      predefinedMetricSpecification: {
        predefinedMetricType: "ALBRequestCountPerTarget",
        resourceLabel: `app/shared/50dc6c495c0c9188/${tgSuffix}`,
      },
    });
    const step = g.one("aws:appautoscaling/policy:Policy", "web-latency");
    expect(step.inputs["stepScalingPolicyConfiguration"]).toMatchObject({
      adjustmentType: "ChangeInCapacity",
      stepAdjustments: [
        { metricIntervalLowerBound: "0", metricIntervalUpperBound: "1", scalingAdjustment: 1 },
        { metricIntervalLowerBound: "1", scalingAdjustment: 3 },
      ],
    });
    expect(g.one("aws:cloudwatch/metricAlarm:MetricAlarm", "web-latency").inputs).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      threshold: 1,
      alarmActions: [step.outputs["arn"]],
    });
    expect(g.one("aws:appautoscaling/scheduledAction:ScheduledAction", "web-office").inputs).toMatchObject({
      schedule: "cron(0 8 ? * MON-FRI *)",
      timezone: "Europe/Berlin",
      scalableTargetAction: { minCapacity: 4 },
    });
  });

  it("lets a delivery pipeline own the image: the task definition and service ignore those changes", async () => {
    const g = await plan(() => {
      new FargateService("web", { ...base, imageOwner: "pipeline" });
    });
    expect(g.one("aws:ecs/taskDefinition:TaskDefinition", "web-taskdef").options.ignoreChanges).toEqual([
      "containerDefinitions",
    ]);
    expect(g.one("aws:ecs/service:Service", "web-service").options.ignoreChanges).toEqual(["taskDefinition"]);
  });
});

describe("FargateService deployments", () => {
  it("uses ECS native canary with an alternate target group and traffic-shift role", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb" },
        deployment: {
          strategy: "CANARY",
          canaryPercent: 5,
          canaryBakeTimeMinutes: 10,
          bakeTimeMinutes: 15,
        },
      });
    });
    const svc = g.one("aws:ecs/service:Service", "web-service");
    const rule = g.one("aws:lb/listenerRule:ListenerRule", "web-rule");
    const role = g.one("aws:iam/role:Role", "web-lb-role");
    expect(svc.inputs["deploymentConfiguration"]).toEqual({
      strategy: "CANARY",
      bakeTimeInMinutes: "15",
      canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: "10" },
    });
    // Circuit breaker and alarm rollback support ROLLING and BLUE_GREEN only.
    expect(svc.inputs["alarms"]).toBeUndefined();
    expect(svc.inputs["deploymentCircuitBreaker"]).toBeUndefined();
    expect(svc.inputs["loadBalancers"]).toEqual([
      {
        targetGroupArn: g.one("aws:lb/targetGroup:TargetGroup", "web-tg").outputs["arn"],
        containerName: "app",
        containerPort: 8080,
        advancedConfiguration: {
          alternateTargetGroupArn: g.one("aws:lb/targetGroup:TargetGroup", "web-tg-alt").outputs["arn"],
          productionListenerRule: rule.outputs["arn"],
          roleArn: role.outputs["arn"],
        },
      },
    ]);
    expect(rule.options.ignoreChanges).toEqual(["actions"]);
    expect(
      g.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "web-lb-role-policy").inputs["policyArn"],
    ).toBe("arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers");
  });

  it("renders blue/green and linear configurations", async () => {
    const g = await plan(() => {
      new FargateService("bg", {
        ...base,
        deployment: { strategy: "BLUE_GREEN", waitForSteadyState: false },
      });
      new FargateService("lin", { ...base, deployment: { strategy: "LINEAR", linearStepPercent: 25 } });
    });
    expect(g.one("aws:ecs/service:Service", "bg-service").inputs).toMatchObject({
      deploymentConfiguration: { strategy: "BLUE_GREEN", bakeTimeInMinutes: "5" },
      waitForSteadyState: false,
    });
    expect(g.one("aws:ecs/service:Service", "lin-service").inputs["deploymentConfiguration"]).toEqual({
      strategy: "LINEAR",
      bakeTimeInMinutes: "5",
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: "2" },
    });
  });
});

describe("FargateService EFS, discovery, Service Connect, exec and Lattice", () => {
  it("mounts EFS by access point with transit encryption and IAM auth; the task role gets exactly the EFS actions", async () => {
    const g = await plan(() => {
      new FargateService("files", {
        ...base,
        containers: [
          { ...base.containers[0]!, mountPoints: [{ sourceVolume: "shared", containerPath: "/srv" }] },
        ],
        efsVolumes: [
          { name: "shared", fileSystemId: "fs-12345678", accessPointId: "fsap-0123456789abcdef0" },
        ],
      });
    });
    expect(g.one("aws:ecs/taskDefinition:TaskDefinition", "files-taskdef").inputs["volumes"]).toEqual([
      {
        name: "shared",
        efsVolumeConfiguration: {
          fileSystemId: "fs-12345678",
          transitEncryption: "ENABLED",
          authorizationConfig: { accessPointId: "fsap-0123456789abcdef0", iam: "ENABLED" },
        },
      },
    ]);
    expect(inlinePolicy(g, "files-task").Statement).toEqual([
      {
        Sid: "Efs0",
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: ["arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-12345678"],
        Condition: {
          StringEquals: {
            "elasticfilesystem:AccessPointArn": [
              "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0",
            ],
          },
        },
      },
    ]);
  });

  it("turns on ECS Exec with the SSM channel actions and an init process; grants are typed", async () => {
    const g = await plan(() => {
      new FargateService("web", {
        ...base,
        enableExec: true,
        taskRoleStatements: grants.sqsSend("arn:aws:sqs:us-east-1:123456789012:events"),
      });
    });
    expect(g.one("aws:ecs/service:Service", "web-service").inputs["enableExecuteCommand"]).toBe(true);
    const defs = json<Array<Record<string, unknown>>>(
      g.one("aws:ecs/taskDefinition:TaskDefinition", "web-taskdef").inputs["containerDefinitions"],
    );
    expect(defs[0]?.["linuxParameters"]).toEqual({ initProcessEnabled: true });
    // The SSM agent gets writable scratch volumes; the root filesystem stays read-only.
    expect(defs[0]?.["readonlyRootFilesystem"]).toBe(true);
    expect(defs[0]?.["mountPoints"]).toEqual([
      { sourceVolume: "ecs-exec-var-lib-amazon", containerPath: "/var/lib/amazon", readOnly: false },
      { sourceVolume: "ecs-exec-var-log-amazon", containerPath: "/var/log/amazon", readOnly: false },
      { sourceVolume: "ecs-exec-managed-agents", containerPath: "/managed-agents", readOnly: false },
    ]);
    expect(g.one("aws:ecs/taskDefinition:TaskDefinition", "web-taskdef").inputs["volumes"]).toEqual([
      { name: "ecs-exec-var-lib-amazon" },
      { name: "ecs-exec-var-log-amazon" },
      { name: "ecs-exec-managed-agents" },
    ]);
    expect(inlinePolicy(g, "web-task").Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: ["arn:aws:sqs:us-east-1:123456789012:events"],
      },
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
    ]);
  });

  it("registers in Cloud Map and Service Connect", async () => {
    const g = await plan(() => {
      new FargateService("api", {
        ...base,
        serviceDiscovery: { namespaceId: "ns-1234" },
        serviceConnect: {
          namespace: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1234",
          services: [{ portName: "http" }],
        },
      });
    });
    const discovery = g.one("aws:servicediscovery/service:Service", "api-discovery");
    expect(discovery.inputs).toMatchObject({
      name: "api",
      dnsConfig: {
        namespaceId: "ns-1234",
        routingPolicy: "MULTIVALUE",
        dnsRecords: [{ type: "A", ttl: 10 }],
      },
    });
    const svc = g.one("aws:ecs/service:Service", "api-service");
    expect(svc.inputs["serviceRegistries"]).toEqual({ registryArn: discovery.outputs["arn"] });
    expect(svc.inputs["serviceConnectConfiguration"]).toEqual({
      enabled: true,
      namespace: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1234",
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": "/ecs/berth-dev-api",
          "awslogs-region": "us-east-1",
          "awslogs-stream-prefix": "service-connect",
        },
      },
      services: [{ portName: "http", discoveryName: "http", clientAlias: [{ port: 8080, dnsName: "http" }] }],
    });
  });

  it("registers into VPC Lattice target groups with a created ECS infrastructure role", async () => {
    const g = await plan(() => {
      new FargateService("api", {
        ...base,
        latticeTargets: [
          { targetGroupArn: "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-1", portName: "http" },
        ],
      });
    });
    const role = g.one("aws:iam/role:Role", "api-lattice");
    expect(json(role.inputs["assumeRolePolicy"])).toMatchObject({
      Statement: [
        {
          Principal: { Service: "ecs.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
        },
      ],
    });
    expect(
      g.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "api-lattice-policy").inputs["policyArn"],
    ).toBe("arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForVpcLattice");
    expect(g.one("aws:ecs/service:Service", "api-service").inputs["vpcLatticeConfigurations"]).toEqual([
      {
        targetGroupArn: "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-1",
        portName: "http",
        roleArn: role.outputs["arn"],
      },
    ]);
  });
});

describe("FargateService bad inputs", () => {
  it("reports a bad size with the allowed sizes", async () => {
    expect(await planError(() => new FargateService("web", { ...base, cpu: 1024, memory: 1024 }))).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        "  - memory: got 1024; allowed: for cpu 1024, one of 2048, 3072, 4096, 5120, 6144, 7168, 8192.",
    );
    expect(await planError(() => new FargateService("web", { ...base, cpu: 300 }))).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        "  - cpu: got 300; allowed: one of 256, 512, 1024, 2048, 4096, 8192, 16384.",
    );
  });

  it("reports every issue at once: open CIDR, bad priority, Spot on Windows, two bases", async () => {
    const message = await planError(
      () =>
        new FargateService("web", {
          ...base,
          cpu: 1024,
          memory: 2048,
          operatingSystemFamily: "WINDOWS_SERVER_2022_CORE",
          ingressCidrs: ["0.0.0.0/0"],
          spot: { base: 1, weight: 1 },
          loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb", priority: 50001 },
        }),
    );
    expect(message).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        '  - spot[1].capacityProvider: got "FARGATE_SPOT"; allowed: FARGATE only for Windows tasks (Fargate Spot runs Linux tasks only).\n' +
        '  - ingressCidrs: got ["0.0.0.0/0"]; allowed: CIDR blocks that do not together cover the whole internet (0.0.0.0/0 or ::/0) for task ingress (put a load balancer in front).\n' +
        "  - loadBalancer.priority: got 50001; allowed: an integer from 1 to 50000.",
    );
  });

  it("refuses FARGATE_SPOT on ARM64 before platform 1.4.0, and missing network", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            vpcId: "",
            subnetIds: [],
            spot: { base: 1, weight: 2 },
            platformVersion: "1.3.0",
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        '  - platformVersion: got "1.3.0"; allowed: LATEST or 1.4.0 and later for FARGATE_SPOT with ARM64.\n' +
        '  - vpcId: got ""; allowed: a VPC id (the default VPC is never assumed).\n' +
        "  - subnetIds: got []; allowed: at least 1 subnet id.",
    );
  });

  it("checks load balancer, deployment and port names", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            loadBalancer: { listenerArn: listener, containerPort: 9090 },
            deployment: { strategy: "CANARY", canaryPercent: 0, bakeTimeMinutes: 2000 },
            serviceConnect: { namespace: "ns", services: [{ portName: "grpc" }] },
            latticeTargets: [
              {
                targetGroupArn: "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0",
                portName: "admin",
              },
            ],
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        "  - loadBalancer.securityGroupId: got undefined; allowed: the security group of the ALB the listener belongs to.\n" +
        "  - loadBalancer.containerPort: got 9090; allowed: a container and one of its portMappings.\n" +
        "  - deployment.bakeTimeMinutes: got 2000; allowed: an integer from 0 to 1440 minutes.\n" +
        "  - deployment.canaryPercent: got 0; allowed: a percentage from 0.1 to 100.\n" +
        '  - serviceConnect.services[0].portName: got "grpc"; allowed: a named port (http).\n' +
        '  - latticeTargets[0].portName: got "admin"; allowed: a named port (http).',
    );
  });

  it("checks mount points against volumes and the log retention", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            logRetentionDays: 10,
            containers: [
              { ...base.containers[0]!, mountPoints: [{ sourceVolume: "data", containerPath: "/data" }] },
            ],
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        "  - logRetentionDays: got 10; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.\n" +
        '  - containers[0].mountPoints[0].sourceVolume: got "data"; allowed: a volume from efsVolumes (none given).',
    );
  });
});

describe("FargateService names and previews", () => {
  it("refuses a name whose target group would exceed 32 characters, before AWS does", async () => {
    expect(
      await planError(
        () =>
          new FargateService("checkout-api-green", {
            ...base,
            loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb" },
            deployment: { strategy: "BLUE_GREEN" },
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "checkout-api-green":\n' +
        '  - name: got "checkout-api-green"; allowed: at most 17 characters (the child "checkout-api-green-tg-alt" gets a 8-character suffix and AWS allows 32).',
    );
    // The same name is fine without the alternate target group.
    await plan(
      () =>
        new FargateService("checkout-api-green", {
          ...base,
          loadBalancer: { listenerArn: listener, securityGroupId: "sg-alb" },
        }),
    );
  });

  it("plans in preview, when ARNs of new resources are unknown", async () => {
    const { capture } = await import("@berth/plan");
    const g = await capture(
      () => {
        const repo = new aws.ecr.Repository("web");
        new FargateService("web", {
          ...base,
          containers: [
            {
              name: "app",
              ecrImage: { repositoryUrl: repo.repositoryUrl, arn: repo.arn },
              portMappings: [{ containerPort: 80 }],
            },
          ],
          loadBalancer: {
            create: {
              certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c",
              subnetIds: ["subnet-pa", "subnet-pb"],
            },
          },
          autoscaling: { maxCapacity: 3, requestsPerTarget: 100 },
        });
      },
      { preview: true, config: { "aws:region": "us-east-1" } },
    );
    expect(g.preview).toBe(true);
    expect(g.ofType("aws:ecs/service:Service")).toHaveLength(1);
    expect(g.one("aws:iam/role:Role", "web-execution").unknownPaths.length).toBeGreaterThan(0);
  });
});

describe("FargateService platform and late values", () => {
  it("runs Windows on X86_64 and writes access logs when given a bucket", async () => {
    const g = await plan(() => {
      new FargateService("win", {
        ...base,
        cpu: 1024,
        memory: 2048,
        operatingSystemFamily: "WINDOWS_SERVER_2022_CORE",
        loadBalancer: {
          create: {
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c",
            subnetIds: ["subnet-a", "subnet-b"],
            accessLogsBucket: "logs",
          },
        },
      });
    });
    expect(g.one("aws:ecs/taskDefinition:TaskDefinition", "win-taskdef").inputs["runtimePlatform"]).toEqual({
      cpuArchitecture: "X86_64",
      operatingSystemFamily: "WINDOWS_SERVER_2022_CORE",
    });
    expect(g.one("aws:lb/loadBalancer:LoadBalancer", "win-alb").inputs["accessLogs"]).toEqual({
      enabled: true,
      bucket: "logs",
    });
  });
});

describe("FargateService adopt-or-create and load balancer checks", () => {
  it("uses a given Lattice infrastructure role instead of creating one", async () => {
    const g = await plan(() => {
      new FargateService("api", {
        ...base,
        latticeTargets: [
          {
            targetGroupArn: "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0",
            portName: "http",
          },
        ],
        latticeInfrastructureRoleArn: "arn:aws:iam::123456789012:role/ecs-lattice",
      });
    });
    expect(g.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toHaveLength(0);
    expect(g.one("aws:ecs/service:Service", "api-service").inputs["vpcLatticeConfigurations"]).toEqual([
      {
        targetGroupArn: "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0",
        portName: "http",
        roleArn: "arn:aws:iam::123456789012:role/ecs-lattice",
      },
    ]);
  });

  it("terminates TLS on an NLB with the TLS 1.3 policy", async () => {
    const g = await plan(() => {
      new FargateService("tls", {
        ...base,
        networkLoadBalancer: {
          loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1",
          port: 443,
          protocol: "TLS",
          certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c",
          securityGroupId: "sg-nlb",
        },
      });
    });
    expect(g.one("aws:lb/listener:Listener", "tls-listener").inputs).toMatchObject({
      protocol: "TLS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c",
    });
    expect(g.one("aws:lb/targetGroup:TargetGroup", "tls-tg").inputs["protocol"]).toBe("TCP");
  });

  it("rejects ambiguous or open load balancer settings", async () => {
    expect(
      await planError(
        () =>
          new FargateService("web", {
            ...base,
            loadBalancer: {
              create: {
                certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c",
                subnetIds: ["subnet-a", "subnet-b"],
                internal: true,
              },
              hostHeaders: ["a", "b", "c"],
              pathPatterns: ["/x", "/y", "/z"],
            },
            networkLoadBalancer: {
              loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1",
              port: 443,
              protocol: "TLS",
              preserveClientIp: true,
              subnetCidrs: ["10.0.0.0/24"],
              sourceCidrs: ["0.0.0.0/1", "128.0.0.0/1"],
            },
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:FargateService "web":\n' +
        '  - networkLoadBalancer: got "both loadBalancer and networkLoadBalancer"; allowed: one of loadBalancer or networkLoadBalancer.\n' +
        '  - loadBalancer: got "6 host and path values"; allowed: at most 5 host header and path pattern values in one rule.\n' +
        "  - loadBalancer.create.ingressCidrs: got undefined; allowed: the CIDR blocks of the clients of an internal ALB.\n" +
        "  - networkLoadBalancer.certificateArn: got undefined; allowed: a certificate exactly when protocol is TLS.\n" +
        '  - networkLoadBalancer.sourceCidrs: got ["0.0.0.0/1","128.0.0.0/1"]; allowed: CIDR blocks that do not together cover the whole internet (0.0.0.0/0 or ::/0) for task ingress (a public NLB should carry a security group).',
    );
  });
});

describe("FargateService values known later", () => {
  it("checks subnet ids that arrive as outputs once they are known", async () => {
    const message = await planError(() => {
      new FargateService("web", { ...base, subnetIds: pulumi.output([] as string[]) });
    });
    // The SDK prefixes the property it was serializing; the rest is the component's message.
    expect(message).toBe(
      'error serializing property "networkConfiguration": Invalid arguments for berth:ecs:FargateService "web":\n' +
        "  - subnetIds: got []; allowed: at least 1 subnet id.",
    );
  }, 15000);
});
