/**
 * Fixtures per rule: compliant, violating, the insecure default (property absent), preview-unknown
 * where the rule reads a value that can be unknown, and a config override where the rule has config.
 * Plain data, so the same cases run in-process and through the gRPC analyzer.
 */
import { type CaseKind, type FixtureResource, type RuleCase, UNKNOWN } from "@berth/plan";
import { resilienceCases } from "./resilience-fixtures";

export type { CaseKind, RuleCase };

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const good = {
  name: "app",
  image: "public.ecr.aws/x/app:1",
  user: "1000:1000",
  readonlyRootFilesystem: true,
  logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/web", mode: "non-blocking" } },
};
type Container = Record<string, unknown>;
const td = (containers: Container[], extra: Record<string, unknown> = {}): FixtureResource => ({
  type: TD,
  name: "web-task",
  inputs: {
    family: "web",
    networkMode: "awsvpc",
    containerDefinitions: JSON.stringify(containers),
    ...extra,
  },
});
const without = (key: string): Container =>
  Object.fromEntries(Object.entries(good).filter(([k]) => k !== key));
const tdUnknown: FixtureResource = {
  type: TD,
  name: "web-task",
  inputs: { family: "web", containerDefinitions: UNKNOWN },
};
const c = (
  kind: CaseKind,
  title: string,
  expect: RuleCase["expect"],
  resources: FixtureResource[],
  extra: Partial<RuleCase> = {},
): RuleCase => ({
  kind,
  title,
  expect,
  resources,
  ...extra,
});

const SVC = "aws:ecs/service:Service";
const svc = (inputs: Record<string, unknown>): FixtureResource => ({
  type: SVC,
  name: "web-svc",
  inputs: {
    cluster: "c",
    taskDefinition: "td",
    deploymentCircuitBreaker: { enable: true, rollback: true },
    ...inputs,
  },
});
const CLUSTER = "aws:ecs/cluster:Cluster";
const EKS = "aws:eks/cluster:Cluster";
const EKSC = "eks:index:Cluster";
const eks = (vpcConfig: Record<string, unknown>, extra: Record<string, unknown> = {}): FixtureResource => ({
  type: EKS,
  name: "k8s",
  inputs: {
    roleArn: "arn:aws:iam::123456789012:role/eks",
    vpcConfig: { subnetIds: ["a", "b"], ...vpcConfig },
    ...extra,
  },
});
const eksc = (inputs: Record<string, unknown>): FixtureResource => ({
  type: EKSC,
  name: "k8s-eks",
  remote: true,
  inputs,
});
const ALL_LOGS = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
const REPO = "aws:ecr/repository:Repository";
const repo = (inputs: Record<string, unknown> = {}, name = "app"): FixtureResource => ({
  type: REPO,
  name,
  inputs: { name, ...inputs },
});
const LST = "aws:lb/listener:Listener";
const ALST = "aws:alb/listener:Listener";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const lb = (inputs: Record<string, unknown>, type = LB, name = "web-alb"): FixtureResource => ({
  type,
  name,
  inputs: { subnets: ["a", "b"], ...inputs },
});
const redirect = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];
const forward = [{ type: "forward", targetGroupArn: "arn:tg" }];
const EFS = "aws:efs/fileSystem:FileSystem";
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/policy:Policy";
const express = (inputs: Record<string, unknown>): FixtureResource => ({
  type: "aws:ecs/expressGatewayService:ExpressGatewayService",
  name: "hello",
  inputs: {
    executionRoleArn: "arn:aws:iam::123456789012:role/exec",
    infrastructureRoleArn: "arn:aws:iam::123456789012:role/infra",
    primaryContainer: { image: "public.ecr.aws/x/app:1" },
    ...inputs,
  },
});
const managedInstances = (
  template: Record<string, unknown>,
  provider: Record<string, unknown> = {},
): FixtureResource => ({
  type: "aws:ecs/capacityProvider:CapacityProvider",
  name: "mi",
  inputs: {
    cluster: "apps",
    managedInstancesProvider: {
      infrastructureRoleArn: "arn:aws:iam::123456789012:role/infra",
      propagateTags: "CAPACITY_PROVIDER",
      instanceLaunchTemplate: {
        ec2InstanceProfileArn: "arn:aws:iam::123456789012:instance-profile/mi",
        networkConfiguration: { subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"] },
        ...template,
      },
      ...provider,
    },
  },
});
const schedule = (target: Record<string, unknown>, roleDeps: string[] = []): FixtureResource => ({
  type: "aws:scheduler/schedule:Schedule",
  name: "report",
  inputs: {
    scheduleExpression: "cron(0 6 * * ? *)",
    flexibleTimeWindow: { mode: "OFF" },
    target: {
      arn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
      roleArn: "arn:aws:iam::123456789012:role/report-scheduler",
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      deadLetterConfig: { arn: "arn:aws:sqs:us-east-1:123456789012:report-dlq" },
      ...target,
    },
  },
  deps: roleDeps.length ? { target: roleDeps } : {},
});
const scopedRunTask = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: "ecs:RunTask",
      Resource: "arn:aws:ecs:us-east-1:123456789012:task-definition/report:*",
    },
    { Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/report-task" },
    { Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:123456789012:report-dlq" },
  ],
});
const schedulerRole = (
  policy: string,
  assumeRolePolicy = trust("scheduler.amazonaws.com", {
    StringEquals: { "aws:SourceAccount": "123456789012" },
  }),
): FixtureResource => ({
  type: ROLE,
  name: "report-scheduler",
  inputs: { assumeRolePolicy, inlinePolicies: [{ name: "run-task", policy }] },
});
const trust = (service: string, condition?: Record<string, unknown>) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
const doc = (...statements: Array<Record<string, unknown>>) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });
const taskRole = (extra: Record<string, unknown> = {}): FixtureResource => ({
  type: ROLE,
  name: "web-task-role",
  inputs: {
    assumeRolePolicy: trust("ecs-tasks.amazonaws.com", {
      StringEquals: { "aws:SourceAccount": "123456789012" },
    }),
    ...extra,
  },
});
const rolePolicy = (policy: string): FixtureResource => ({
  type: "aws:iam/rolePolicy:RolePolicy",
  name: "web-task-policy",
  inputs: { role: "web-task-role", policy },
  deps: { role: ["web-task-role"] },
});
const attach = (policyArn: string, name = "web-task-attach"): FixtureResource => ({
  type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  name,
  inputs: { role: "web-task-role", policyArn },
  deps: { role: ["web-task-role"] },
});
const SG = "aws:ec2/securityGroup:SecurityGroup";
const sg = (ingress: Array<Record<string, unknown>>): FixtureResource => ({
  type: SG,
  name: "web-sg",
  inputs: { vpcId: "vpc-1", ingress },
});
const world = { cidrBlocks: ["0.0.0.0/0"] };
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const ASG = "aws:autoscaling/group:Group";
const b64 = (s: string) => Buffer.from(s).toString("base64");
const spotGroup = (pct: number): FixtureResource => ({
  type: ASG,
  name: "spot-asg",
  inputs: {
    maxSize: 4,
    minSize: 0,
    mixedInstancesPolicy: {
      instancesDistribution: { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: pct },
      launchTemplate: { launchTemplateSpecification: { launchTemplateId: "lt-1" } },
    },
  },
  deps: { mixedInstancesPolicy: ["spot-lt"] },
});
const ecsLt = (userData: string | undefined): FixtureResource => ({
  type: LT,
  name: "spot-lt",
  inputs: {
    imageId: "ami-1",
    ...(userData === undefined ? {} : { userData }),
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
  },
});
const LATTICE_SVC = "aws:vpclattice/service:Service";
const LATTICE_SN = "aws:vpclattice/serviceNetwork:ServiceNetwork";
const TARGET = "aws:appautoscaling/target:Target";
const target = (min: number, max: number): FixtureResource => ({
  type: TARGET,
  name: "web-scaling",
  inputs: {
    serviceNamespace: "ecs",
    scalableDimension: "ecs:service:DesiredCount",
    resourceId: "service/c/web",
    minCapacity: min,
    maxCapacity: max,
  },
});

export const cases: Record<string, RuleCase[]> = {
  "ecs-td-no-privileged": [
    c("compliant", "no privileged flag", "pass", [td([good])]),
    c("violating", "privileged: true", "fail", [td([{ ...good, privileged: true }])]),
    c("absent", "privileged unset means false", "pass", [td([without("user")])]),
    c("unknown", "containerDefinitions unknown in preview", "unknown", [tdUnknown]),
  ],
  "ecs-td-non-root-user": [
    c("compliant", "uid 1000", "pass", [td([good])]),
    c("violating", "user root", "fail", [td([{ ...good, user: "root" }])]),
    c("violating", "user 0:0", "fail", [td([{ ...good, user: "0:0" }])]),
    c("absent", "no user: the image default", "fail", [td([without("user")])]),
    c("unknown", "containerDefinitions unknown", "unknown", [tdUnknown]),
    c("extra", "Windows tasks are exempt", "pass", [
      td([without("user")], { runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" } }),
    ]),
  ],
  "ecs-td-no-host-network": [
    c("compliant", "awsvpc", "pass", [td([good])]),
    c("violating", "host", "fail", [td([good], { networkMode: "host" })]),
    c("absent", "unset (bridge on EC2)", "pass", [
      { ...td([good]), inputs: { family: "web", containerDefinitions: JSON.stringify([good]) } },
    ]),
    c("unknown", "networkMode unknown", "unknown", [td([good], { networkMode: UNKNOWN })]),
  ],
  "ecs-td-no-host-pid": [
    c("compliant", "task", "pass", [td([good], { pidMode: "task" })]),
    c("violating", "host", "fail", [td([good], { pidMode: "host" })]),
    c("absent", "unset", "pass", [td([good])]),
    c("unknown", "pidMode unknown", "unknown", [td([good], { pidMode: UNKNOWN })]),
  ],
  "ecs-td-readonly-rootfs": [
    c("compliant", "read-only", "pass", [td([good])]),
    c("violating", "false", "fail", [td([{ ...good, readonlyRootFilesystem: false }])]),
    c("absent", "unset means writable", "fail", [td([without("readonlyRootFilesystem")])]),
    c("unknown", "containerDefinitions unknown", "unknown", [tdUnknown]),
  ],
  "ecs-td-no-plaintext-secrets": [
    c("compliant", "secrets via valueFrom, harmless env", "pass", [
      td([
        {
          ...good,
          environment: [{ name: "PORT", value: "8080" }],
          secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:1:secret:db" }],
        },
      ]),
    ]),
    c("violating", "DB_PASSWORD in environment", "fail", [
      td([{ ...good, environment: [{ name: "DB_PASSWORD", value: "hunter2" }] }]),
    ]),
    c("violating", "an access key as a value", "fail", [
      td([{ ...good, environment: [{ name: "X", value: "AKIAABCDEFGHIJKLMNOP" }] }]),
    ]),
    c("absent", "no environment", "pass", [td([good])]),
    c("unknown", "containerDefinitions unknown", "unknown", [tdUnknown]),
    c(
      "config",
      "allowedNames exempts TOKEN_TTL",
      "pass",
      [td([{ ...good, environment: [{ name: "TOKEN_TTL", value: "60" }] }])],
      {
        config: { allowedNames: ["TOKEN_TTL"] },
      },
    ),
    c(
      "config",
      "custom pattern flags DSN",
      "fail",
      [td([{ ...good, environment: [{ name: "DATABASE_DSN", value: "x" }] }])],
      {
        config: { secretNamePatterns: ["DSN$"] },
      },
    ),
  ],
  "ecs-td-logging": [
    c("compliant", "awslogs", "pass", [td([good])]),
    c("violating", "logConfiguration without driver", "fail", [
      td([{ ...good, logConfiguration: { options: {} } }]),
    ]),
    c("absent", "no logConfiguration", "fail", [td([without("logConfiguration")])]),
    c("unknown", "containerDefinitions unknown", "unknown", [tdUnknown]),
  ],
  "ecs-td-logging-non-blocking": [
    c("compliant", "non-blocking", "pass", [td([good])]),
    c("violating", "blocking", "fail", [
      td([{ ...good, logConfiguration: { logDriver: "awslogs", options: { mode: "blocking" } } }]),
    ]),
    c("absent", "mode unset means blocking", "fail", [
      td([{ ...good, logConfiguration: { logDriver: "awslogs" } }]),
    ]),
    c("unknown", "containerDefinitions unknown", "unknown", [tdUnknown]),
  ],
  "ecs-td-efs-transit-encryption": [
    c("compliant", "ENABLED", "pass", [
      td([good], {
        volumes: [
          { name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1", transitEncryption: "ENABLED" } },
        ],
      }),
    ]),
    c("violating", "DISABLED", "fail", [
      td([good], {
        volumes: [
          { name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1", transitEncryption: "DISABLED" } },
        ],
      }),
    ]),
    c("absent", "transitEncryption unset", "fail", [
      td([good], { volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-1" } }] }),
    ]),
    c("unknown", "volumes unknown", "unknown", [td([good], { volumes: UNKNOWN })]),
  ],
  "ecs-td-distinct-roles": [
    c("compliant", "two roles", "pass", [
      td([good], { executionRoleArn: "arn:exec", taskRoleArn: "arn:task" }),
    ]),
    c("violating", "the same role", "fail", [
      td([good], { executionRoleArn: "arn:same", taskRoleArn: "arn:same" }),
    ]),
    c("absent", "no roles", "pass", [td([good])]),
    c("unknown", "role ARNs unknown", "unknown", [
      td([good], { executionRoleArn: UNKNOWN, taskRoleArn: UNKNOWN }),
    ]),
  ],
  "ecs-svc-no-public-ip": [
    c("compliant", "false", "pass", [
      svc({ networkConfiguration: { subnets: ["a"], assignPublicIp: false } }),
    ]),
    c("violating", "true", "fail", [svc({ networkConfiguration: { subnets: ["a"], assignPublicIp: true } })]),
    c("violating", "a task set with a public IP", "fail", [
      {
        type: "aws:ecs/taskSet:TaskSet",
        name: "ts",
        inputs: {
          service: "s",
          cluster: "c",
          taskDefinition: "t",
          networkConfiguration: { subnets: ["a"], assignPublicIp: true },
        },
      },
    ]),
    c("absent", "unset means false", "pass", [svc({ networkConfiguration: { subnets: ["a"] } })]),
    c("unknown", "networkConfiguration unknown", "unknown", [svc({ networkConfiguration: UNKNOWN })]),
  ],
  "ecs-svc-fargate-platform": [
    c("compliant", "LATEST", "pass", [svc({ launchType: "FARGATE", platformVersion: "LATEST" })]),
    c("violating", "1.3.0", "fail", [svc({ launchType: "FARGATE", platformVersion: "1.3.0" })]),
    c("violating", "FARGATE_SPOT strategy with 1.3.0", "fail", [
      svc({
        capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
        platformVersion: "1.3.0",
      }),
    ]),
    c("absent", "unset means LATEST", "pass", [svc({ launchType: "FARGATE" })]),
    c("unknown", "platformVersion unknown", "unknown", [
      svc({ launchType: "FARGATE", platformVersion: UNKNOWN }),
    ]),
    c("config", "allow only LATEST", "fail", [svc({ launchType: "FARGATE", platformVersion: "1.4.0" })], {
      config: { allowedPlatformVersions: ["LATEST"] },
    }),
  ],
  "ecs-svc-circuit-breaker": [
    c("compliant", "enable + rollback", "pass", [svc({})]),
    c("violating", "no rollback", "fail", [
      svc({ deploymentCircuitBreaker: { enable: true, rollback: false } }),
    ]),
    c("absent", "unset", "fail", [{ type: SVC, name: "web-svc", inputs: { cluster: "c" } }]),
    c("unknown", "circuit breaker unknown", "unknown", [svc({ deploymentCircuitBreaker: UNKNOWN })]),
    c("extra", "CODE_DEPLOY services are exempt", "pass", [
      { type: SVC, name: "web-svc", inputs: { deploymentController: { type: "CODE_DEPLOY" } } },
    ]),
    c("extra", "CANARY and LINEAR services are exempt (the circuit breaker does not support them)", "pass", [
      { type: SVC, name: "web-svc", inputs: { deploymentConfiguration: { strategy: "CANARY" } } },
      { type: SVC, name: "api-svc", inputs: { deploymentConfiguration: { strategy: "LINEAR" } } },
    ]),
  ],
  "ecs-cluster-container-insights": [
    c("compliant", "enhanced", "pass", [
      { type: CLUSTER, name: "c", inputs: { settings: [{ name: "containerInsights", value: "enhanced" }] } },
    ]),
    c("violating", "disabled", "fail", [
      { type: CLUSTER, name: "c", inputs: { settings: [{ name: "containerInsights", value: "disabled" }] } },
    ]),
    c("absent", "no settings", "fail", [{ type: CLUSTER, name: "c", inputs: {} }]),
    c("unknown", "settings unknown", "unknown", [
      { type: CLUSTER, name: "c", inputs: { settings: UNKNOWN } },
    ]),
  ],
  "ecs-cluster-exec-logging": [
    c("compliant", "DEFAULT with kms", "pass", [
      {
        type: CLUSTER,
        name: "c",
        inputs: {
          configuration: { executeCommandConfiguration: { kmsKeyId: "arn:kms", logging: "DEFAULT" } },
        },
      },
    ]),
    c("violating", "NONE", "fail", [
      {
        type: CLUSTER,
        name: "c",
        inputs: { configuration: { executeCommandConfiguration: { kmsKeyId: "arn:kms", logging: "NONE" } } },
      },
    ]),
    c("absent", "no configuration", "fail", [{ type: CLUSTER, name: "c", inputs: {} }]),
    c("unknown", "kmsKeyId unknown", "unknown", [
      {
        type: CLUSTER,
        name: "c",
        inputs: { configuration: { executeCommandConfiguration: { kmsKeyId: UNKNOWN, logging: "DEFAULT" } } },
      },
    ]),
  ],
  "ecs-capacity-provider-termination-protection": [
    c("compliant", "ENABLED", "pass", [
      {
        type: "aws:ecs/capacityProvider:CapacityProvider",
        name: "cp",
        inputs: {
          autoScalingGroupProvider: {
            autoScalingGroupArn: "arn:asg",
            managedTerminationProtection: "ENABLED",
          },
        },
      },
    ]),
    c("violating", "DISABLED", "fail", [
      {
        type: "aws:ecs/capacityProvider:CapacityProvider",
        name: "cp",
        inputs: {
          autoScalingGroupProvider: {
            autoScalingGroupArn: "arn:asg",
            managedTerminationProtection: "DISABLED",
          },
        },
      },
    ]),
    c("absent", "unset means DISABLED", "fail", [
      {
        type: "aws:ecs/capacityProvider:CapacityProvider",
        name: "cp",
        inputs: { autoScalingGroupProvider: { autoScalingGroupArn: "arn:asg" } },
      },
    ]),
    c("unknown", "provider unknown", "unknown", [
      {
        type: "aws:ecs/capacityProvider:CapacityProvider",
        name: "cp",
        inputs: { autoScalingGroupProvider: UNKNOWN },
      },
    ]),
  ],
  "ecs-spot-draining": [
    c("compliant", "draining on", "pass", [
      ecsLt(
        b64(
          "#!/bin/bash\necho ECS_CLUSTER=c >> /etc/ecs/ecs.config\necho ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config\n",
        ),
      ),
      spotGroup(0),
    ]),
    c("violating", "Spot group without draining", "fail", [
      ecsLt(b64("#!/bin/bash\necho ECS_CLUSTER=c >> /etc/ecs/ecs.config\n")),
      spotGroup(0),
    ]),
    c("absent", "no onDemandPercentage: AWS default 100, no Spot", "pass", [
      ecsLt(b64("echo ECS_CLUSTER=c >> /etc/ecs/ecs.config")),
      { ...spotGroup(100), inputs: { maxSize: 1, minSize: 0 } },
    ]),
    c("extra", "on-demand only group", "pass", [
      ecsLt(b64("echo ECS_CLUSTER=c >> /etc/ecs/ecs.config")),
      spotGroup(100),
    ]),
    c("unknown", "userData unknown", "unknown", [ecsLt(UNKNOWN), spotGroup(0)]),
  ],
  "eks-endpoint-not-public": [
    c("compliant", "private only", "pass", [
      eks({ endpointPrivateAccess: true, endpointPublicAccess: false }),
    ]),
    c("violating", "public", "fail", [eks({ endpointPrivateAccess: true, endpointPublicAccess: true })]),
    c("absent", "unset: AWS makes it public", "fail", [eks({})]),
    c("unknown", "vpcConfig unknown", "unknown", [
      { type: EKS, name: "k8s", inputs: { roleArn: "r", vpcConfig: UNKNOWN } },
    ]),
    c(
      "config",
      "public allowed with office CIDR",
      "pass",
      [
        eks({
          endpointPrivateAccess: true,
          endpointPublicAccess: true,
          publicAccessCidrs: ["203.0.113.0/24"],
        }),
      ],
      {
        config: { allowPublicEndpoint: true },
      },
    ),
    c(
      "config",
      "public allowed but 0.0.0.0/0",
      "fail",
      [eks({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] })],
      {
        config: { allowPublicEndpoint: true },
      },
    ),
    c("compliant", "eks:index:Cluster private", "pass", [
      eksc({ endpointPrivateAccess: true, endpointPublicAccess: false }),
    ]),
    c("absent", "eks:index:Cluster defaults: public", "fail", [eksc({})]),
  ],
  "eks-secrets-encryption": [
    c("compliant", "secrets with key", "pass", [
      eks({}, { encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:kms" } } }),
    ]),
    c("violating", "no secrets resource", "fail", [
      eks({}, { encryptionConfig: { resources: [], provider: { keyArn: "arn:kms" } } }),
    ]),
    c("absent", "no encryptionConfig", "fail", [eks({})]),
    c("unknown", "encryptionConfig unknown", "unknown", [eks({}, { encryptionConfig: UNKNOWN })]),
    c("compliant", "eks:index:Cluster encryptionConfigKeyArn", "pass", [
      eksc({ encryptionConfigKeyArn: "arn:kms" }),
    ]),
    c("absent", "eks:index:Cluster without key", "fail", [eksc({})]),
  ],
  "eks-audit-logging": [
    c("compliant", "audit on", "pass", [eks({}, { enabledClusterLogTypes: ["audit"] })]),
    c("violating", "api only", "fail", [eks({}, { enabledClusterLogTypes: ["api"] })]),
    c("absent", "unset: no logs", "fail", [eks({})]),
    c("unknown", "log types unknown", "unknown", [eks({}, { enabledClusterLogTypes: UNKNOWN })]),
    c("compliant", "eks:index:Cluster with audit", "pass", [eksc({ enabledClusterLogTypes: ALL_LOGS })]),
  ],
  "eks-control-plane-logging": [
    c("compliant", "all five", "pass", [eks({}, { enabledClusterLogTypes: ALL_LOGS })]),
    c("violating", "audit only", "fail", [eks({}, { enabledClusterLogTypes: ["audit"] })]),
    c("absent", "unset", "fail", [eksc({})]),
    c("unknown", "log types unknown", "unknown", [eksc({ enabledClusterLogTypes: UNKNOWN })]),
    c(
      "config",
      "only audit and api required",
      "pass",
      [eks({}, { enabledClusterLogTypes: ["audit", "api"] })],
      { config: { requiredLogTypes: ["audit", "api"] } },
    ),
  ],
  "eks-supported-version": [
    c("compliant", "1.35", "pass", [eks({}, { version: "1.35" })]),
    c("violating", "1.29", "fail", [eks({}, { version: "1.29" })]),
    c("absent", "unset: EKS creates the newest", "pass", [eks({})]),
    c("unknown", "version unknown", "unknown", [eksc({ version: UNKNOWN })]),
    c("config", "extended support allowed", "pass", [eksc({ version: "1.32" })], {
      config: { allowedVersions: ["1.32", "1.33"] },
    }),
  ],
  "eks-standard-support-ending": [
    c("compliant", "1.35 on 2026-11-22: 125 days left", "pass", [eksc({ version: "1.35" })], {
      config: { today: "2026-11-22" },
    }),
    c("violating", "1.34 on 2026-11-22: 10 days left", "fail", [eks({}, { version: "1.34" })], {
      config: { today: "2026-11-22" },
    }),
    c("extra", "1.33 past its end", "fail", [eksc({ version: "1.33" })], { config: { today: "2026-11-22" } }),
    c("absent", "unset: EKS creates the newest", "pass", [eks({})]),
    c("unknown", "version unknown", "unknown", [eksc({ version: UNKNOWN })]),
    c("config", "a 180-day window catches 1.35", "fail", [eksc({ version: "1.35" })], {
      config: { today: "2026-11-22", warnDays: 180 },
    }),
  ],
  "eks-deletion-protection": [
    c("compliant", "prod with protection", "pass", [eksc({ deletionProtection: true })], { stack: "prod" }),
    c("violating", "prod without", "fail", [eks({}, { deletionProtection: false })], { stack: "prod" }),
    c("absent", "prod, unset", "fail", [eksc({})], { stack: "prod" }),
    c("extra", "dev is exempt", "pass", [eksc({})]),
    c("unknown", "prod, unknown", "unknown", [eksc({ deletionProtection: UNKNOWN })], { stack: "prod" }),
    c("config", "live counts as prod", "fail", [eksc({})], {
      stack: "live",
      config: { prodStacks: ["live"] },
    }),
  ],
  "eks-nodegroup-no-open-ssh": [
    c("compliant", "key with source SGs", "pass", [
      {
        type: "aws:eks/nodeGroup:NodeGroup",
        name: "ng",
        inputs: { remoteAccess: { ec2SshKey: "k", sourceSecurityGroupIds: ["sg-1"] } },
      },
    ]),
    c("violating", "key without source SGs", "fail", [
      { type: "aws:eks/nodeGroup:NodeGroup", name: "ng", inputs: { remoteAccess: { ec2SshKey: "k" } } },
    ]),
    c("absent", "no remote access", "pass", [
      { type: "aws:eks/nodeGroup:NodeGroup", name: "ng", inputs: {} },
    ]),
    c("unknown", "remoteAccess unknown", "unknown", [
      { type: "aws:eks/nodeGroup:NodeGroup", name: "ng", inputs: { remoteAccess: UNKNOWN } },
    ]),
    c("violating", "eks:index:ManagedNodeGroup open SSH", "fail", [
      {
        type: "eks:index:ManagedNodeGroup",
        name: "mng",
        remote: true,
        inputs: { remoteAccess: { ec2SshKey: "k" } },
      },
    ]),
  ],
  "node-imdsv2": [
    c("compliant", "required, hop 1", "pass", [
      {
        type: LT,
        name: "lt",
        inputs: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 } },
      },
    ]),
    c("violating", "optional", "fail", [
      { type: LT, name: "lt", inputs: { metadataOptions: { httpTokens: "optional" } } },
    ]),
    c("absent", "unset means optional", "fail", [{ type: LT, name: "lt", inputs: {} }]),
    c("unknown", "metadataOptions unknown", "unknown", [
      { type: LT, name: "lt", inputs: { metadataOptions: UNKNOWN } },
    ]),
    c(
      "config",
      "hop 2 allowed",
      "pass",
      [
        {
          type: LT,
          name: "lt",
          inputs: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
        },
      ],
      { config: { maxHopLimit: 2 } },
    ),
    c("extra", "hop 2 above the default bound", "fail", [
      {
        type: LT,
        name: "lt",
        inputs: { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
      },
    ]),
  ],
  "ecr-immutable-tags": [
    c("compliant", "IMMUTABLE", "pass", [repo({ imageTagMutability: "IMMUTABLE" })]),
    c("violating", "MUTABLE", "fail", [repo({ imageTagMutability: "MUTABLE" })]),
    c("absent", "unset means MUTABLE", "fail", [repo()]),
    c("unknown", "unknown", "unknown", [repo({ imageTagMutability: UNKNOWN })]),
    c("config", "exclusions allowed", "pass", [repo({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" })], {
      config: { allowExclusions: true },
    }),
    c("extra", "exclusions not allowed by default", "fail", [
      repo({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }),
    ]),
  ],
  "ecr-scan-on-push": [
    c("compliant", "scanOnPush", "pass", [repo({ imageScanningConfiguration: { scanOnPush: true } })]),
    c("violating", "scanOnPush false", "fail", [repo({ imageScanningConfiguration: { scanOnPush: false } })]),
    c("absent", "unset", "fail", [repo()]),
    c("extra", "registry scanning rule matches", "pass", [
      repo(),
      {
        type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
        name: "scan",
        inputs: {
          scanType: "BASIC",
          rules: [
            { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "ap*", filterType: "WILDCARD" }] },
          ],
        },
      },
    ]),
    c("unknown", "scanning config unknown (output)", "unknown", [
      { ...repo(), outputs: { name: "app", imageScanningConfiguration: UNKNOWN } },
    ]),
  ],
  "ecr-kms-encryption": [
    c("compliant", "KMS", "pass", [repo({ encryptionConfigurations: [{ encryptionType: "KMS" }] })]),
    c("violating", "AES256", "fail", [repo({ encryptionConfigurations: [{ encryptionType: "AES256" }] })]),
    c("absent", "unset: AES256", "fail", [repo()]),
    c("unknown", "unknown", "unknown", [repo({ encryptionConfigurations: UNKNOWN })]),
    c(
      "config",
      "customer key required",
      "fail",
      [repo({ encryptionConfigurations: [{ encryptionType: "KMS" }] })],
      { config: { requireCustomerKey: true } },
    ),
  ],
  "ecr-no-public-policy": [
    c("compliant", "an account principal", "pass", [
      {
        type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
        name: "rp",
        inputs: {
          repository: "app",
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111122223333:root" },
            Action: "ecr:BatchGetImage",
          }),
        },
      },
    ]),
    c("violating", "Principal *", "fail", [
      {
        type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
        name: "rp",
        inputs: { repository: "app", policy: doc({ Effect: "Allow", Principal: "*", Action: "ecr:*" }) },
      },
    ]),
    c("violating", "registry policy with AWS *", "fail", [
      {
        type: "aws:ecr/registryPolicy:RegistryPolicy",
        name: "reg",
        inputs: {
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "ecr:ReplicateImage",
            Resource: "*",
          }),
        },
      },
    ]),
    c("absent", "* with an org condition", "pass", [
      {
        type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
        name: "rp",
        inputs: {
          repository: "app",
          policy: doc({
            Effect: "Allow",
            Principal: "*",
            Action: "ecr:BatchGetImage",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } },
          }),
        },
      },
    ]),
    c("unknown", "policy unknown", "unknown", [
      {
        type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
        name: "rp",
        inputs: { repository: "app", policy: UNKNOWN },
      },
    ]),
    c(
      "config",
      "source VPC no longer trusted",
      "fail",
      [
        {
          type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
          name: "rp",
          inputs: {
            repository: "app",
            policy: doc({
              Effect: "Allow",
              Principal: "*",
              Action: "ecr:BatchGetImage",
              Condition: { StringEquals: { "aws:SourceVpc": "vpc-1" } },
            }),
          },
        },
      ],
      { config: { trustedConditionKeys: ["aws:principalorgid"] } },
    ),
  ],
  "ecr-lifecycle-policy": [
    c("compliant", "lifecycle by dependency", "pass", [
      repo(),
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: "app", policy: "{}" },
        deps: { repository: ["app"] },
      },
    ]),
    c("compliant", "lifecycle by name", "pass", [
      repo(),
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: "app", policy: "{}" },
      },
    ]),
    c("violating", "lifecycle for another repo", "fail", [
      repo(),
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: "other", policy: "{}" },
      },
    ]),
    c("absent", "no lifecycle policy", "fail", [repo()]),
    c("unknown", "the lifecycle's repository unknown", "unknown", [
      repo(),
      {
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name: "lc",
        inputs: { repository: UNKNOWN, policy: "{}" },
      },
    ]),
  ],
  "lb-http-redirects-https": [
    c("compliant", "HTTP redirect", "pass", [
      { type: LST, name: "http", inputs: { protocol: "HTTP", port: 80, defaultActions: redirect } },
    ]),
    c("violating", "HTTP forward", "fail", [
      { type: ALST, name: "http", inputs: { protocol: "HTTP", port: 80, defaultActions: forward } },
    ]),
    c("absent", "protocol unset defaults to HTTP", "fail", [
      { type: LST, name: "http", inputs: { port: 80, defaultActions: forward } },
    ]),
    c("unknown", "default actions unknown", "unknown", [
      { type: LST, name: "http", inputs: { protocol: "HTTP", defaultActions: UNKNOWN } },
    ]),
    c("extra", "HTTPS listener forwards", "pass", [
      { type: LST, name: "https", inputs: { protocol: "HTTPS", port: 443, defaultActions: forward } },
    ]),
  ],
  "lb-listener-tls-policy": [
    c("compliant", "TLS13", "pass", [
      {
        type: LST,
        name: "https",
        inputs: {
          protocol: "HTTPS",
          sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
          defaultActions: forward,
        },
      },
    ]),
    c("violating", "2016-08", "fail", [
      {
        type: ALST,
        name: "https",
        inputs: { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08", defaultActions: forward },
      },
    ]),
    c("absent", "unset", "fail", [
      { type: LST, name: "tls", inputs: { protocol: "TLS", defaultActions: forward } },
    ]),
    c("unknown", "sslPolicy unknown", "unknown", [
      { type: LST, name: "https", inputs: { protocol: "HTTPS", sslPolicy: UNKNOWN } },
    ]),
    c(
      "config",
      "TLS 1.3 only",
      "fail",
      [
        {
          type: LST,
          name: "https",
          inputs: { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" },
        },
      ],
      {
        config: { allowedPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] },
      },
    ),
  ],
  "lb-listener-acm-cert": [
    c("compliant", "ACM", "pass", [
      {
        type: LST,
        name: "https",
        inputs: { protocol: "HTTPS", certificateArn: "arn:aws:acm:us-east-1:1:certificate/x" },
      },
    ]),
    c("violating", "IAM server cert", "fail", [
      {
        type: LST,
        name: "https",
        inputs: { protocol: "HTTPS", certificateArn: "arn:aws:iam::1:server-certificate/x" },
      },
    ]),
    c("absent", "no certificate", "fail", [{ type: ALST, name: "https", inputs: { protocol: "HTTPS" } }]),
    c("unknown", "certificate unknown", "unknown", [
      { type: LST, name: "https", inputs: { protocol: "HTTPS", certificateArn: UNKNOWN } },
    ]),
  ],
  "lb-access-logs": [
    c("compliant", "enabled with bucket", "pass", [lb({ accessLogs: { enabled: true, bucket: "logs" } })]),
    c("violating", "disabled", "fail", [lb({ accessLogs: { enabled: false, bucket: "logs" } })]),
    c("absent", "unset", "fail", [lb({}, "aws:alb/loadBalancer:LoadBalancer")]),
    c("unknown", "accessLogs unknown", "unknown", [lb({ accessLogs: UNKNOWN })]),
  ],
  "alb-drop-invalid-headers": [
    c("compliant", "true", "pass", [lb({ dropInvalidHeaderFields: true })]),
    c("violating", "false", "fail", [lb({ dropInvalidHeaderFields: false })]),
    c("absent", "unset means false", "fail", [lb({})]),
    c("unknown", "unknown", "unknown", [lb({ dropInvalidHeaderFields: UNKNOWN })]),
    c("extra", "NLBs are exempt", "pass", [lb({ loadBalancerType: "network" })]),
  ],
  "lb-deletion-protection": [
    c("compliant", "prod protected", "pass", [lb({ enableDeletionProtection: true })], { stack: "prod" }),
    c("violating", "prod unprotected", "fail", [lb({ enableDeletionProtection: false })], { stack: "prod" }),
    c("absent", "prod, unset", "fail", [lb({})], { stack: "prod" }),
    c("extra", "dev exempt", "pass", [lb({})]),
    c("unknown", "prod, unknown", "unknown", [lb({ enableDeletionProtection: UNKNOWN })], { stack: "prod" }),
    c("config", "staging counts", "fail", [lb({})], {
      stack: "staging",
      config: { prodStacks: ["staging", "prod"] },
    }),
  ],
  "alb-desync-mitigation": [
    c("compliant", "strictest", "pass", [lb({ desyncMitigationMode: "strictest" })]),
    c("violating", "monitor", "fail", [lb({ desyncMitigationMode: "monitor" })]),
    c("absent", "unset means defensive", "pass", [lb({})]),
    c("unknown", "unknown", "unknown", [lb({ desyncMitigationMode: UNKNOWN })]),
  ],
  "lb-multi-az": [
    c("compliant", "two subnets", "pass", [lb({})]),
    c("violating", "one subnet", "fail", [lb({ subnets: ["a"] })]),
    c("absent", "no subnets", "fail", [{ type: LB, name: "web-alb", inputs: {} }]),
    c("unknown", "subnets unknown", "unknown", [lb({ subnets: UNKNOWN })]),
  ],
  "lb-internal-unless-allowed": [
    c("compliant", "internal", "pass", [lb({ internal: true })]),
    c("violating", "internet-facing", "fail", [lb({ internal: false })]),
    c("absent", "unset means internet-facing", "fail", [lb({})]),
    c("unknown", "internal unknown", "unknown", [lb({ internal: UNKNOWN })]),
    c("config", "allowed public name suffix", "pass", [lb({})], { config: { allowedPublic: ["-alb"] } }),
  ],
  "alb-waf": [
    c("compliant", "associated", "pass", [
      lb({}),
      {
        type: "aws:wafv2/webAclAssociation:WebAclAssociation",
        name: "waf",
        inputs: { resourceArn: "arn:x", webAclArn: "arn:acl" },
        deps: { resourceArn: ["web-alb"] },
      },
    ]),
    c("violating", "another ALB associated", "fail", [
      lb({}),
      lb({}, LB, "other-alb"),
      {
        type: "aws:wafv2/webAclAssociation:WebAclAssociation",
        name: "waf",
        inputs: { resourceArn: "arn:x", webAclArn: "arn:acl" },
        deps: { resourceArn: ["other-alb"] },
      },
    ]),
    c("absent", "no association", "fail", [lb({})]),
    c("extra", "internal ALB exempt", "pass", [lb({ internal: true })]),
    c("unknown", "internal unknown", "unknown", [lb({ internal: UNKNOWN })]),
  ],
  "lb-tg-health-check": [
    c("compliant", "path set", "pass", [
      {
        type: "aws:lb/targetGroup:TargetGroup",
        name: "tg",
        inputs: { protocol: "HTTP", port: 80, healthCheck: { enabled: true, path: "/healthz" } },
      },
    ]),
    c("violating", "disabled", "fail", [
      {
        type: "aws:alb/targetGroup:TargetGroup",
        name: "tg",
        inputs: { protocol: "HTTP", healthCheck: { enabled: false } },
      },
    ]),
    c("absent", "no health check", "fail", [
      { type: "aws:lb/targetGroup:TargetGroup", name: "tg", inputs: { port: 80 } },
    ]),
    c("unknown", "healthCheck unknown", "unknown", [
      {
        type: "aws:lb/targetGroup:TargetGroup",
        name: "tg",
        inputs: { protocol: "HTTP", healthCheck: UNKNOWN },
      },
    ]),
    c("extra", "TCP target groups exempt", "pass", [
      { type: "aws:lb/targetGroup:TargetGroup", name: "tg", inputs: { protocol: "TCP" } },
    ]),
  ],
  "elb-no-classic": [
    c("compliant", "an ALB", "pass", [lb({})]),
    c("violating", "a Classic ELB", "fail", [
      { type: "aws:elb/loadBalancer:LoadBalancer", name: "old", inputs: { listeners: [] } },
    ]),
    c("absent", "nothing", "pass", []),
  ],
  "efs-encrypted": [
    c("compliant", "encrypted", "pass", [{ type: EFS, name: "fs", inputs: { encrypted: true } }]),
    c("violating", "false", "fail", [{ type: EFS, name: "fs", inputs: { encrypted: false } }]),
    c("absent", "unset means unencrypted", "fail", [{ type: EFS, name: "fs", inputs: {} }]),
    c("unknown", "unknown", "unknown", [{ type: EFS, name: "fs", inputs: { encrypted: UNKNOWN } }]),
    c("config", "customer key required", "fail", [{ type: EFS, name: "fs", inputs: { encrypted: true } }], {
      config: { requireCustomerKey: true },
    }),
  ],
  "efs-backup": [
    c("compliant", "enabled", "pass", [
      { type: EFS, name: "fs", inputs: { encrypted: true } },
      {
        type: "aws:efs/backupPolicy:BackupPolicy",
        name: "bp",
        inputs: { fileSystemId: "fs-id", backupPolicy: { status: "ENABLED" } },
        deps: { fileSystemId: ["fs"] },
      },
    ]),
    c("violating", "disabled", "fail", [
      { type: EFS, name: "fs", inputs: { encrypted: true } },
      {
        type: "aws:efs/backupPolicy:BackupPolicy",
        name: "bp",
        inputs: { fileSystemId: "fs-id", backupPolicy: { status: "DISABLED" } },
      },
    ]),
    c("absent", "no backup policy", "fail", [{ type: EFS, name: "fs", inputs: { encrypted: true } }]),
    c("unknown", "status unknown", "unknown", [
      { type: EFS, name: "fs", inputs: {} },
      {
        type: "aws:efs/backupPolicy:BackupPolicy",
        name: "bp",
        inputs: { fileSystemId: "fs-id", backupPolicy: UNKNOWN },
        deps: { fileSystemId: ["fs"] },
      },
    ]),
  ],
  "efs-ap-root-and-user": [
    c("compliant", "path and user", "pass", [
      {
        type: "aws:efs/accessPoint:AccessPoint",
        name: "ap",
        inputs: { fileSystemId: "fs", rootDirectory: { path: "/app" }, posixUser: { uid: 1000, gid: 1000 } },
      },
    ]),
    c("violating", "root path", "fail", [
      {
        type: "aws:efs/accessPoint:AccessPoint",
        name: "ap",
        inputs: { fileSystemId: "fs", rootDirectory: { path: "/" }, posixUser: { uid: 1000, gid: 1000 } },
      },
    ]),
    c("absent", "nothing set", "fail", [
      { type: "aws:efs/accessPoint:AccessPoint", name: "ap", inputs: { fileSystemId: "fs" } },
    ]),
    c("unknown", "rootDirectory unknown", "unknown", [
      {
        type: "aws:efs/accessPoint:AccessPoint",
        name: "ap",
        inputs: { fileSystemId: "fs", rootDirectory: UNKNOWN },
      },
    ]),
  ],
  "efs-multi-az": [
    c("compliant", "regional", "pass", [{ type: EFS, name: "fs", inputs: { encrypted: true } }]),
    c("violating", "One Zone", "fail", [
      { type: EFS, name: "fs", inputs: { availabilityZoneName: "us-east-1a" } },
    ]),
    c("absent", "unset means Regional", "pass", [{ type: EFS, name: "fs", inputs: {} }]),
    c("unknown", "AZ unknown", "unknown", [
      { type: EFS, name: "fs", inputs: { availabilityZoneName: UNKNOWN } },
    ]),
  ],
  "iam-task-role-no-admin": [
    c("compliant", "scoped inline policy", "pass", [
      taskRole(),
      rolePolicy(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
    ]),
    c("violating", "* on *", "fail", [
      taskRole(),
      rolePolicy(doc({ Effect: "Allow", Action: "*", Resource: "*" })),
    ]),
    c("violating", "AdministratorAccess attached", "fail", [
      taskRole(),
      attach("arn:aws:iam::aws:policy/AdministratorAccess"),
    ]),
    c("violating", "admin in a Policy resource", "fail", [
      taskRole(),
      {
        type: "aws:iam/policy:Policy",
        name: "admin",
        inputs: { policy: doc({ Effect: "Allow", Action: ["*"], Resource: ["*"] }) },
      },
      {
        ...attach("arn:aws:iam::123456789012:policy/admin"),
        deps: { role: ["web-task-role"], policyArn: ["admin"] },
      },
    ]),
    c("absent", "a role with no policies", "pass", [taskRole()]),
    c("extra", "non-workload roles are out of scope", "pass", [
      { type: ROLE, name: "web-task-role", inputs: { assumeRolePolicy: trust("lambda.amazonaws.com") } },
      rolePolicy(doc({ Effect: "Allow", Action: "*", Resource: "*" })),
    ]),
    c("unknown", "policy unknown", "unknown", [taskRole(), rolePolicy(UNKNOWN)]),
  ],
  "ecs-express-network": [
    c("compliant", "private subnets and own security groups", "pass", [
      express({ networkConfigurations: [{ subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-1"] }] }),
    ]),
    c("violating", "in a public subnet of this stack", "fail", [
      {
        type: "aws:ec2/subnet:Subnet",
        name: "public-a",
        inputs: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true },
      },
      {
        ...express({ networkConfigurations: [{ subnets: ["subnet-a"], securityGroups: ["sg-1"] }] }),
        deps: { networkConfigurations: ["public-a"] },
      },
    ]),
    c("violating", "no security groups", "fail", [
      express({ networkConfigurations: [{ subnets: ["subnet-a", "subnet-b"], securityGroups: [] }] }),
    ]),
    c("absent", "no network configuration: the default VPC", "fail", [express({})]),
    c("unknown", "network configuration unknown", "unknown", [express({ networkConfigurations: UNKNOWN })]),
  ],
  "ecs-express-distinct-roles": [
    c("compliant", "three roles", "pass", [express({ taskRoleArn: "arn:task" })]),
    c("violating", "task role is the execution role", "fail", [
      express({ taskRoleArn: "arn:aws:iam::123456789012:role/exec" }),
    ]),
    c("violating", "infrastructure role doubles as the execution role", "fail", [
      express({ infrastructureRoleArn: "arn:aws:iam::123456789012:role/exec" }),
    ]),
    c("absent", "no task role", "pass", [express({})]),
    c("unknown", "roles unknown", "unknown", [
      express({ executionRoleArn: UNKNOWN, taskRoleArn: UNKNOWN, infrastructureRoleArn: UNKNOWN }),
    ]),
  ],
  "ecs-managed-instances-network": [
    c("compliant", "own security groups, private subnets", "pass", [managedInstances({})]),
    c("violating", "no security groups", "fail", [
      managedInstances({ networkConfiguration: { subnets: ["subnet-a"] } }),
    ]),
    c("violating", "a public subnet of this stack", "fail", [
      {
        type: "aws:ec2/subnet:Subnet",
        name: "public-a",
        inputs: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true },
      },
      { ...managedInstances({}), deps: { managedInstancesProvider: ["public-a"] } },
    ]),
    c("absent", "an Auto Scaling group provider is out of scope", "pass", [
      {
        type: "aws:ecs/capacityProvider:CapacityProvider",
        name: "asg",
        inputs: { autoScalingGroupProvider: { autoScalingGroupArn: "arn:asg" } },
      },
    ]),
    c("unknown", "network configuration unknown", "unknown", [
      managedInstances({ networkConfiguration: UNKNOWN }),
    ]),
  ],
  "ecs-managed-instances-propagate-tags": [
    c("compliant", "CAPACITY_PROVIDER", "pass", [managedInstances({})]),
    c("violating", "NONE", "fail", [managedInstances({}, { propagateTags: "NONE" })]),
    c("absent", "unset", "fail", [managedInstances({}, { propagateTags: undefined })]),
    c("unknown", "unknown", "unknown", [managedInstances({}, { propagateTags: UNKNOWN })]),
  ],
  "scheduler-dlq": [
    c("compliant", "a DLQ", "pass", [schedule({})]),
    c("violating", "dead-letter config without a queue", "fail", [schedule({ deadLetterConfig: {} })]),
    c("absent", "no dead-letter config", "fail", [schedule({ deadLetterConfig: undefined })]),
    c("unknown", "DLQ unknown", "unknown", [schedule({ deadLetterConfig: UNKNOWN })]),
  ],
  "scheduler-retry-policy": [
    c("compliant", "3 attempts within an hour", "pass", [schedule({})]),
    c("violating", "attempts without a maximum age", "fail", [
      schedule({ retryPolicy: { maximumRetryAttempts: 3 } }),
    ]),
    c("absent", "no retry policy: 185 attempts over a day", "fail", [schedule({ retryPolicy: undefined })]),
    c("unknown", "retry policy unknown", "unknown", [schedule({ retryPolicy: UNKNOWN })]),
  ],
  "scheduler-role-scoped": [
    c("compliant", "RunTask on the family, PassRole on its roles, SendMessage on the DLQ", "pass", [
      schedulerRole(scopedRunTask),
      schedule({}, ["report-scheduler"]),
    ]),
    c("violating", "ecs:RunTask on Resource *", "fail", [
      schedulerRole(doc({ Effect: "Allow", Action: "ecs:RunTask", Resource: "*" })),
      schedule({}, ["report-scheduler"]),
    ]),
    c("violating", "ecs:* and a managed policy", "fail", [
      schedulerRole(
        doc({
          Effect: "Allow",
          Action: "ecs:*",
          Resource: "arn:aws:ecs:us-east-1:123456789012:task-definition/report:*",
        }),
      ),
      {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "report-scheduler-events",
        inputs: {
          role: "report-scheduler",
          policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceEventsRole",
        },
        deps: { role: ["report-scheduler"] },
      },
      schedule({}, ["report-scheduler"]),
    ]),
    c("violating", "trusted by scheduler without a source condition", "fail", [
      schedulerRole(scopedRunTask, trust("scheduler.amazonaws.com")),
      schedule({}, ["report-scheduler"]),
    ]),
    c("absent", "a role from another stack", "pass", [
      schedule({ roleArn: "arn:aws:iam::123456789012:role/elsewhere" }, []),
    ]),
    c("unknown", "role policy unknown", "unknown", [
      schedulerRole(UNKNOWN),
      schedule({}, ["report-scheduler"]),
    ]),
  ],
  "iam-no-admin-policy": [
    c("compliant", "scoped documents on every kind of holder", "pass", [
      {
        type: ROLE,
        name: "deploy",
        inputs: {
          assumeRolePolicy: trust("codebuild.amazonaws.com"),
          inlinePolicies: [
            { name: "s3", policy: doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }) },
          ],
        },
      },
      {
        type: POLICY,
        name: "read",
        inputs: { policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
      },
      {
        type: "aws:iam/userPolicy:UserPolicy",
        name: "alice",
        inputs: { user: "alice", policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) },
      },
      taskRole(),
      attach("arn:aws:iam::aws:policy/ReadOnlyAccess"),
    ]),
    c("violating", 'Action "*" on "*" in a RolePolicy on a role outside the stack', "fail", [
      {
        type: "aws:iam/rolePolicy:RolePolicy",
        name: "ops-admin",
        inputs: {
          role: "ops-from-another-stack",
          policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }),
        },
      },
    ]),
    c("violating", '"*:*" in a list, second statement of a standalone Policy', "fail", [
      {
        type: POLICY,
        name: "admin",
        inputs: {
          policy: doc(
            { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
            { Effect: "Allow", Action: ["ec2:Describe*", "*:*"], Resource: ["*"] },
          ),
        },
      },
    ]),
    c(
      "violating",
      "an admin Policy attached through PolicyAttachment to a user",
      "fail",
      [
        {
          type: POLICY,
          name: "admin",
          inputs: { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) },
        },
        {
          type: "aws:iam/policyAttachment:PolicyAttachment",
          name: "admin-to-ops",
          inputs: { policyArn: "arn:aws:iam::123456789012:policy/admin", users: ["ops"] },
          deps: { policyArn: ["admin"] },
        },
      ],
      { config: { allowedResourceNames: ["admin"] } },
    ),
    c("violating", "NotAction on every resource in a GroupPolicy", "fail", [
      {
        type: "aws:iam/groupPolicy:GroupPolicy",
        name: "power",
        inputs: {
          group: "devs",
          policy: doc({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }),
        },
      },
    ]),
    c("violating", "every action on NotResource, inline on a non-workload role", "fail", [
      {
        type: ROLE,
        name: "ci",
        inputs: {
          assumeRolePolicy: trust("codebuild.amazonaws.com"),
          inlinePolicies: [
            {
              name: "all",
              policy: doc({ Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::audit/*" }),
            },
          ],
        },
      },
    ]),
    c("violating", "AdministratorAccess attached to a role outside the stack", "fail", [
      {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "ops-admin",
        inputs: { role: "ops", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      },
    ]),
    c("violating", "a single Statement object (not a list) in a UserPolicy", "fail", [
      {
        type: "aws:iam/userPolicy:UserPolicy",
        name: "bob",
        inputs: {
          user: "bob",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: { Effect: "Allow", Action: ["*"], Resource: "*" },
          }),
        },
      },
    ]),
    c("absent", "no IAM resources", "pass", [{ type: "aws:sqs/queue:Queue", name: "q", inputs: {} }]),
    c("unknown", "policy document unknown", "unknown", [
      { type: "aws:iam/userPolicy:UserPolicy", name: "alice", inputs: { user: "alice", policy: UNKNOWN } },
    ]),
    c(
      "config",
      "a listed break-glass role",
      "pass",
      [
        {
          type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
          name: "break-glass-admin",
          inputs: { role: "break-glass", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        },
      ],
      { config: { allowedResourceNames: ["break-glass-admin"] } },
    ),
  ],
  "iam-task-role-no-wildcards": [
    c("compliant", "exact actions and ARNs", "pass", [
      taskRole(),
      rolePolicy(
        doc(
          { Effect: "Allow", Action: ["sqs:ReceiveMessage"], Resource: "arn:aws:sqs:us-east-1:1:q" },
          { Effect: "Allow", Action: "xray:PutTraceSegments", Resource: "*" },
        ),
      ),
    ]),
    c("violating", "s3:*", "fail", [
      taskRole(),
      rolePolicy(doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" })),
    ]),
    c("violating", "GetObject on *", "fail", [
      taskRole(),
      rolePolicy(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })),
    ]),
    c("absent", "no policies", "pass", [taskRole()]),
    c("unknown", "policy unknown", "unknown", [taskRole(), rolePolicy(UNKNOWN)]),
    c(
      "config",
      "GetObject on * allowed",
      "pass",
      [taskRole(), rolePolicy(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }))],
      {
        config: { allowedWildcardActions: ["s3:GetObject"] },
      },
    ),
  ],
  "iam-trust-scoped": [
    c("compliant", "service principal", "pass", [taskRole()]),
    c("violating", "Principal *", "fail", [
      {
        type: ROLE,
        name: "r",
        inputs: {
          assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),
        },
      },
    ]),
    c("absent", "* with a condition", "pass", [
      {
        type: ROLE,
        name: "r",
        inputs: {
          assumeRolePolicy: doc({
            Effect: "Allow",
            Principal: "*",
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } },
          }),
        },
      },
    ]),
    c("unknown", "trust policy unknown", "unknown", [
      { type: ROLE, name: "r", inputs: { assumeRolePolicy: UNKNOWN } },
    ]),
  ],
  "iam-task-trust-source-condition": [
    c("compliant", "SourceAccount", "pass", [taskRole()]),
    c("violating", "no condition", "fail", [
      { type: ROLE, name: "r", inputs: { assumeRolePolicy: trust("ecs-tasks.amazonaws.com") } },
    ]),
    c("absent", "other services are out of scope", "pass", [
      { type: ROLE, name: "r", inputs: { assumeRolePolicy: trust("pods.eks.amazonaws.com") } },
    ]),
    c("unknown", "trust unknown", "unknown", [
      { type: ROLE, name: "r", inputs: { assumeRolePolicy: UNKNOWN } },
    ]),
  ],
  "iam-no-aws-managed": [
    c("compliant", "the execution role policy", "pass", [
      taskRole(),
      attach("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
    ]),
    c("violating", "S3 full access", "fail", [
      taskRole(),
      attach("arn:aws:iam::aws:policy/AmazonS3FullAccess"),
    ]),
    c("violating", "managedPolicyArns on the role", "fail", [
      taskRole({ managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }),
    ]),
    c("absent", "no attachments", "pass", [taskRole()]),
    c("unknown", "policyArn unknown", "unknown", [taskRole(), attach(UNKNOWN)]),
    c(
      "config",
      "S3 read allowed",
      "pass",
      [taskRole(), attach("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")],
      { config: { allowedManagedPolicies: ["AmazonS3ReadOnlyAccess"] } },
    ),
  ],
  "iam-role-no-policy-mixing": [
    c("compliant", "separate resources only", "pass", [
      taskRole(),
      rolePolicy(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
    ]),
    c("violating", "inlinePolicies and a RolePolicy", "fail", [
      taskRole({
        inlinePolicies: [
          {
            name: "x",
            policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
          },
        ],
      }),
      rolePolicy(doc({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" })),
    ]),
    c("absent", "a role alone", "pass", [taskRole()]),
    c("unknown", "inlinePolicies unknown", "unknown", [taskRole({ inlinePolicies: UNKNOWN })]),
  ],
  "secret-cmk": [
    c("compliant", "kmsKeyId", "pass", [
      { type: "aws:secretsmanager/secret:Secret", name: "s", inputs: { kmsKeyId: "arn:kms" } },
    ]),
    c("violating", "empty kmsKeyId", "fail", [
      { type: "aws:secretsmanager/secret:Secret", name: "s", inputs: { kmsKeyId: "" } },
    ]),
    c("absent", "unset: the AWS managed key", "fail", [
      { type: "aws:secretsmanager/secret:Secret", name: "s", inputs: {} },
    ]),
    c("unknown", "kmsKeyId unknown", "unknown", [
      { type: "aws:secretsmanager/secret:Secret", name: "s", inputs: { kmsKeyId: UNKNOWN } },
    ]),
  ],
  "secret-rotation": [
    c("compliant", "30 days", "pass", [
      { type: "aws:secretsmanager/secret:Secret", name: "s", inputs: {} },
      {
        type: "aws:secretsmanager/secretRotation:SecretRotation",
        name: "rot",
        inputs: { secretId: "x", rotationRules: { automaticallyAfterDays: 30 } },
        deps: { secretId: ["s"] },
      },
    ]),
    c("violating", "365 days", "fail", [
      { type: "aws:secretsmanager/secret:Secret", name: "s", inputs: {} },
      {
        type: "aws:secretsmanager/secretRotation:SecretRotation",
        name: "rot",
        inputs: { secretId: "x", rotationRules: { automaticallyAfterDays: 365 } },
        deps: { secretId: ["s"] },
      },
    ]),
    c("absent", "no rotation", "fail", [{ type: "aws:secretsmanager/secret:Secret", name: "s", inputs: {} }]),
    c("unknown", "rules unknown", "unknown", [
      { type: "aws:secretsmanager/secret:Secret", name: "s", inputs: {} },
      {
        type: "aws:secretsmanager/secretRotation:SecretRotation",
        name: "rot",
        inputs: { secretId: "x", rotationRules: UNKNOWN },
        deps: { secretId: ["s"] },
      },
    ]),
    c(
      "config",
      "exempt by name",
      "pass",
      [{ type: "aws:secretsmanager/secret:Secret", name: "s", inputs: {} }],
      { config: { exemptNames: ["s"] } },
    ),
  ],
  "ssm-param-securestring": [
    c("compliant", "SecureString", "pass", [
      {
        type: "aws:ssm/parameter:Parameter",
        name: "db",
        inputs: { name: "/web/db", type: "SecureString", value: "x" },
      },
      td([{ ...good, secrets: [{ name: "DB", valueFrom: "arn:aws:ssm:us-east-1:1:parameter/web/db" }] }]),
    ]),
    c("violating", "String read as a secret", "fail", [
      {
        type: "aws:ssm/parameter:Parameter",
        name: "db",
        inputs: { name: "/web/db", type: "String", value: "x" },
      },
      td([{ ...good, secrets: [{ name: "DB", valueFrom: "/web/db" }] }]),
    ]),
    c("absent", "a String nobody reads as a secret", "pass", [
      {
        type: "aws:ssm/parameter:Parameter",
        name: "flag",
        inputs: { name: "/web/flag", type: "String", value: "x" },
      },
      td([good]),
    ]),
    c("unknown", "containerDefinitions unknown", "unknown", [
      {
        type: "aws:ssm/parameter:Parameter",
        name: "db",
        inputs: { name: "/web/db", type: "String", value: "x" },
      },
      tdUnknown,
    ]),
  ],
  "sg-no-open-ingress": [
    c("compliant", "443 from the world", "pass", [
      sg([{ protocol: "tcp", fromPort: 443, toPort: 443, ...world }]),
    ]),
    c("violating", "all traffic from the world", "fail", [
      sg([{ protocol: "-1", fromPort: 0, toPort: 0, ...world }]),
    ]),
    c("violating", "SSH from ::/0 via an ingress rule", "fail", [
      {
        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        name: "ssh",
        inputs: { securityGroupId: "sg", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv6: "::/0" },
      },
    ]),
    c("violating", "a SecurityGroupRule covering 3389", "fail", [
      {
        type: "aws:ec2/securityGroupRule:SecurityGroupRule",
        name: "rdp",
        inputs: {
          type: "ingress",
          securityGroupId: "sg",
          protocol: "tcp",
          fromPort: 3000,
          toPort: 4000,
          cidrBlocks: ["0.0.0.0/0"],
        },
      },
    ]),
    c("absent", "no ingress", "pass", [sg([])]),
    c("unknown", "ingress unknown", "unknown", [{ type: SG, name: "web-sg", inputs: { ingress: UNKNOWN } }]),
    c(
      "config",
      "8080 as an admin port",
      "fail",
      [sg([{ protocol: "tcp", fromPort: 8080, toPort: 8080, ...world }])],
      { config: { adminPorts: [8080] } },
    ),
  ],
  "lattice-auth-iam": [
    c("compliant", "AWS_IAM", "pass", [
      { type: LATTICE_SN, name: "mesh", inputs: { name: "mesh", authType: "AWS_IAM" } },
    ]),
    c("violating", "NONE", "fail", [{ type: LATTICE_SVC, name: "api", inputs: { authType: "NONE" } }]),
    c("absent", "unset means NONE", "fail", [{ type: LATTICE_SN, name: "mesh", inputs: { name: "mesh" } }]),
    c("unknown", "unknown", "unknown", [{ type: LATTICE_SVC, name: "api", inputs: { authType: UNKNOWN } }]),
  ],
  "lattice-auth-policy-attached": [
    c("compliant", "auth policy on the network", "pass", [
      { type: LATTICE_SN, name: "mesh", inputs: { authType: "AWS_IAM" } },
      {
        type: "aws:vpclattice/authPolicy:AuthPolicy",
        name: "mesh-auth",
        inputs: { resourceIdentifier: "x", policy: "{}" },
        deps: { resourceIdentifier: ["mesh"] },
      },
    ]),
    c("violating", "IAM auth without a policy", "fail", [
      { type: LATTICE_SVC, name: "api", inputs: { authType: "AWS_IAM" } },
    ]),
    c("absent", "authType unset: not this rule's concern", "pass", [
      { type: LATTICE_SVC, name: "api", inputs: {} },
    ]),
    c("unknown", "authType unknown", "unknown", [
      { type: LATTICE_SVC, name: "api", inputs: { authType: UNKNOWN } },
    ]),
  ],
  "lattice-auth-policy-scoped": [
    c("compliant", "org condition", "pass", [
      {
        type: "aws:vpclattice/authPolicy:AuthPolicy",
        name: "a",
        inputs: {
          resourceIdentifier: "x",
          policy: doc({
            Effect: "Allow",
            Principal: "*",
            Action: "vpc-lattice-svcs:Invoke",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } },
          }),
        },
      },
    ]),
    c("violating", "open to *", "fail", [
      {
        type: "aws:vpclattice/authPolicy:AuthPolicy",
        name: "a",
        inputs: {
          resourceIdentifier: "x",
          policy: doc({ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }),
        },
      },
    ]),
    c("absent", "named principal", "pass", [
      {
        type: "aws:vpclattice/authPolicy:AuthPolicy",
        name: "a",
        inputs: {
          resourceIdentifier: "x",
          policy: doc({
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::1:role/r" },
            Action: "vpc-lattice-svcs:Invoke",
            Resource: "*",
          }),
        },
      },
    ]),
    c("unknown", "policy unknown", "unknown", [
      {
        type: "aws:vpclattice/authPolicy:AuthPolicy",
        name: "a",
        inputs: { resourceIdentifier: "x", policy: UNKNOWN },
      },
    ]),
    c(
      "config",
      "SourceVpc not trusted",
      "fail",
      [
        {
          type: "aws:vpclattice/authPolicy:AuthPolicy",
          name: "a",
          inputs: {
            resourceIdentifier: "x",
            policy: doc({
              Effect: "Allow",
              Principal: "*",
              Action: "vpc-lattice-svcs:Invoke",
              Resource: "*",
              Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": "vpc-1" } },
            }),
          },
        },
      ],
      { config: { trustedConditionKeys: ["aws:principalorgid"] } },
    ),
  ],
  "lattice-access-logs": [
    c("compliant", "subscription", "pass", [
      { type: LATTICE_SN, name: "mesh", inputs: {} },
      {
        type: "aws:vpclattice/accessLogSubscription:AccessLogSubscription",
        name: "logs",
        inputs: { resourceIdentifier: "x", destinationArn: "arn:logs" },
        deps: { resourceIdentifier: ["mesh"] },
      },
    ]),
    c("violating", "subscription on another resource", "fail", [
      { type: LATTICE_SN, name: "mesh", inputs: {} },
      { type: LATTICE_SVC, name: "api", inputs: {} },
      {
        type: "aws:vpclattice/accessLogSubscription:AccessLogSubscription",
        name: "logs",
        inputs: { resourceIdentifier: "x", destinationArn: "arn:logs" },
        deps: { resourceIdentifier: ["mesh"] },
      },
    ]),
    c("absent", "no subscription", "fail", [{ type: LATTICE_SVC, name: "api", inputs: {} }]),
    c("unknown", "resourceIdentifier unknown", "unknown", [
      { type: LATTICE_SVC, name: "api", inputs: {} },
      {
        type: "aws:vpclattice/accessLogSubscription:AccessLogSubscription",
        name: "logs",
        inputs: { resourceIdentifier: UNKNOWN, destinationArn: "arn:logs" },
      },
    ]),
  ],
  "lattice-listener-https": [
    c("compliant", "HTTPS", "pass", [
      {
        type: "aws:vpclattice/listener:Listener",
        name: "l",
        inputs: { protocol: "HTTPS", defaultAction: {} },
      },
    ]),
    c("violating", "HTTP", "fail", [
      {
        type: "aws:vpclattice/listener:Listener",
        name: "l",
        inputs: { protocol: "HTTP", defaultAction: {} },
      },
    ]),
    c("absent", "custom domain without certificate", "fail", [
      { type: LATTICE_SVC, name: "api", inputs: { customDomainName: "api.example.com" } },
    ]),
    c("unknown", "protocol unknown", "unknown", [
      { type: "aws:vpclattice/listener:Listener", name: "l", inputs: { protocol: UNKNOWN } },
    ]),
  ],
  "appscaling-ecs-bounds": [
    c("compliant", "1..4 in dev", "pass", [target(1, 4)]),
    c("violating", "max = min", "fail", [target(2, 2)]),
    c("absent", "0 tasks in dev", "fail", [target(0, 3)]),
    c("extra", "1 task in prod", "fail", [target(1, 4)], { stack: "prod" }),
    c("unknown", "minCapacity unknown", "unknown", [
      { ...target(1, 4), inputs: { serviceNamespace: "ecs", minCapacity: UNKNOWN, maxCapacity: 4 } },
    ]),
    c("config", "prod bound 1", "pass", [target(1, 4)], { stack: "prod", config: { prodMinCapacity: 1 } }),
  ],
  "appscaling-ecs-target-tracking": [
    c("compliant", "target tracking", "pass", [
      target(1, 4),
      {
        type: "aws:appautoscaling/policy:Policy",
        name: "cpu",
        inputs: { policyType: "TargetTrackingScaling", resourceId: "service/c/web" },
        deps: { resourceId: ["web-scaling"] },
      },
    ]),
    c("violating", "step scaling only", "fail", [
      target(1, 4),
      {
        type: "aws:appautoscaling/policy:Policy",
        name: "cpu",
        inputs: { policyType: "StepScaling", resourceId: "service/c/web" },
        deps: { resourceId: ["web-scaling"] },
      },
    ]),
    c("absent", "no policy", "fail", [target(1, 4)]),
    c("unknown", "policyType unknown", "unknown", [
      target(1, 4),
      {
        type: "aws:appautoscaling/policy:Policy",
        name: "cpu",
        inputs: { policyType: UNKNOWN, resourceId: "service/c/web" },
      },
    ]),
  ],
  "ecs-service-resilience": resilienceCases,
};
