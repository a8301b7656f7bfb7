/** ECS: task definitions, services, clusters and EC2 capacity. Catalog rows 1-14 plus circuit breaker and Spot draining. */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { cname, containerDefinitions, userDataText } from "./util";

const isWindows = (family: unknown) => typeof family === "string" && family.startsWith("WINDOWS");

export const ecsTdNoPrivileged: ResourceValidationPolicy = {
  name: "ecs-td-no-privileged",
  description: "ECS containers must not run privileged (Security Hub ECS.4).",
  severity: "high",
  remediationSteps:
    "Remove `privileged: true` from the container definition; grant only the Linux capabilities it needs.",
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    containerDefinitions(td.containerDefinitions).forEach((c, i) => {
      if (c.privileged === true) report(`container ${cname(c, i)} sets privileged: true`);
    });
  }),
};

export const ecsTdNonRootUser: ResourceValidationPolicy = {
  name: "ecs-td-non-root-user",
  description: "Linux ECS containers must run as a non-root user (Security Hub ECS.20).",
  severity: "high",
  remediationSteps:
    'Set `user` on every container to a non-root uid or name (e.g. "1000:1000") and build the image to run as that user.',
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    if (isWindows(td.runtimePlatform?.operatingSystemFamily)) return;
    containerDefinitions(td.containerDefinitions).forEach((c, i) => {
      const u = c.user;
      if (u === undefined || u === "")
        report(`container ${cname(c, i)} sets no user (the image default is often root)`);
      else if (/^(root|0)(:.*)?$/.test(u)) report(`container ${cname(c, i)} runs as user "${u}"`);
    });
  }),
};

export const ecsTdNoHostNetwork: ResourceValidationPolicy = {
  name: "ecs-td-no-host-network",
  description: "ECS task definitions should not use the host network mode (Security Hub ECS.17).",
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    'Use networkMode "awsvpc" (required on Fargate) so each task gets its own ENI and security group.',
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    if (td.networkMode === "host") report('networkMode is "host"');
  }),
};

export const ecsTdNoHostPid: ResourceValidationPolicy = {
  name: "ecs-td-no-host-pid",
  description: "ECS task definitions must not share the host's process namespace (Security Hub ECS.3).",
  severity: "high",
  remediationSteps: 'Remove `pidMode: "host"` (use "task" if containers in the task must share a namespace).',
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    if (td.pidMode === "host") report('pidMode is "host"');
  }),
};

export const ecsTdReadonlyRootfs: ResourceValidationPolicy = {
  name: "ecs-td-readonly-rootfs",
  description: "ECS containers should have a read-only root filesystem (Security Hub ECS.5).",
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set `readonlyRootFilesystem: true` and mount writable paths as volumes (e.g. a tmpfs or bind mount for /tmp).",
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    containerDefinitions(td.containerDefinitions).forEach((c, i) => {
      if (c.readonlyRootFilesystem !== true)
        report(`container ${cname(c, i)} has a writable root filesystem`);
    });
  }),
};

interface PlaintextSecretsConfig {
  secretNamePatterns: string[];
  allowedNames: string[];
}

const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /\bAKIA[0-9A-Z]{16}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bgh[pousr]_[A-Za-z0-9]{36}\b/,
  /\bxox[baprs]-[A-Za-z0-9-]{10,}/,
];

export const ecsTdNoPlaintextSecrets: ResourceValidationPolicy = {
  name: "ecs-td-no-plaintext-secrets",
  description:
    "ECS container environment variables must not carry credentials; use `secrets` with Secrets Manager or SSM (Security Hub ECS.8).",
  severity: "critical",
  remediationSteps:
    "Move the value to Secrets Manager or an SSM SecureString parameter and reference it from the container's `secrets[].valueFrom`; the execution role then needs read access to exactly that ARN.",
  configSchema: {
    properties: {
      secretNamePatterns: {
        type: "array",
        items: { type: "string" },
        description: "Case-insensitive regular expressions for environment variable names that hold secrets.",
        default: [
          "^AWS_ACCESS_KEY_ID$",
          "^AWS_SECRET_ACCESS_KEY$",
          "^AWS_SESSION_TOKEN$",
          "^ECS_ENGINE_AUTH_DATA$",
          "PASSWORD|PASSWD",
          "SECRET",
          "TOKEN",
          "API_?KEY",
          "PRIVATE_?KEY",
          "CREDENTIAL",
        ],
      },
      allowedNames: {
        type: "array",
        items: { type: "string" },
        description: "Variable names exempt from the name check (e.g. `TOKEN_TTL_SECONDS`).",
        default: [],
      },
    },
  },
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, args, report) => {
    const cfg = args.getConfig<PlaintextSecretsConfig>();
    const patterns = cfg.secretNamePatterns.map((p) => new RegExp(p, "i"));
    containerDefinitions(td.containerDefinitions).forEach((c, i) => {
      for (const e of c.environment ?? []) {
        const name = e.name ?? "";
        if (cfg.allowedNames.includes(name)) continue;
        if (patterns.some((p) => p.test(name)))
          report(`container ${cname(c, i)} sets ${name} in plain environment`);
        else if (typeof e.value === "string" && SECRET_VALUE_PATTERNS.some((p) => p.test(e.value as string)))
          report(`container ${cname(c, i)}: the value of ${name} looks like a credential`);
      }
    });
  }),
};

export const ecsTdLogging: ResourceValidationPolicy = {
  name: "ecs-td-logging",
  description: "Every ECS container must have a log configuration (Security Hub ECS.9).",
  severity: "medium",
  remediationSteps:
    'Set `logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": ..., ... } }` on every container.',
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    containerDefinitions(td.containerDefinitions).forEach((c, i) => {
      if (!c.logConfiguration?.logDriver)
        report(`container ${cname(c, i)} has no logConfiguration.logDriver`);
    });
  }),
};

export const ecsTdLoggingNonBlocking: ResourceValidationPolicy = {
  name: "ecs-td-logging-non-blocking",
  description:
    "ECS container logging should be non-blocking so a slow log sink cannot stall the application.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    'Add `mode: "non-blocking"` (and a `max-buffer-size`) to the container\'s logConfiguration options.',
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    containerDefinitions(td.containerDefinitions).forEach((c, i) => {
      const lc = c.logConfiguration;
      if (lc?.logDriver && lc.options?.["mode"] !== "non-blocking")
        report(`container ${cname(c, i)} logs in blocking mode`);
    });
  }),
};

export const ecsTdEfsTransitEncryption: ResourceValidationPolicy = {
  name: "ecs-td-efs-transit-encryption",
  description: "EFS volumes in ECS task definitions must use encryption in transit (Checkov CKV_AWS_97).",
  severity: "high",
  remediationSteps:
    'Set `efsVolumeConfiguration.transitEncryption: "ENABLED"` (and use an access point with IAM authorization).',
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    for (const v of td.volumes ?? []) {
      const efs = v.efsVolumeConfiguration;
      if (efs && efs.transitEncryption !== "ENABLED")
        report(`volume "${v.name}" mounts EFS without transit encryption`);
    }
  }),
};

export const ecsTdDistinctRoles: ResourceValidationPolicy = {
  name: "ecs-td-distinct-roles",
  description: "An ECS task's execution role and task role should be different roles (Checkov CKV_AWS_249).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Give the task its own role for application calls and keep the execution role for pulling images, logs and secrets.",
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (td, _args, report) => {
    if (td.executionRoleArn && td.taskRoleArn && td.executionRoleArn === td.taskRoleArn)
      report(`executionRoleArn and taskRoleArn are the same role (${td.taskRoleArn})`);
  }),
};

export const ecsSvcNoPublicIp: ResourceValidationPolicy = {
  name: "ecs-svc-no-public-ip",
  description: "ECS services and task sets must not assign public IPs to tasks (Security Hub ECS.2, ECS.16).",
  severity: "high",
  remediationSteps:
    "Run tasks in private subnets with `assignPublicIp: false`; reach the internet through NAT or VPC endpoints.",
  validateResource: [
    validateResourceOfType(aws.ecs.Service, (svc, _args, report) => {
      if (svc.networkConfiguration?.assignPublicIp === true)
        report("networkConfiguration.assignPublicIp is true");
    }),
    validateResourceOfType(aws.ecs.TaskSet, (ts, _args, report) => {
      if (ts.networkConfiguration?.assignPublicIp === true)
        report("networkConfiguration.assignPublicIp is true");
    }),
  ],
};

export const ecsSvcFargatePlatform: ResourceValidationPolicy = {
  name: "ecs-svc-fargate-platform",
  description:
    "Fargate services should run on the latest (or an allowed) platform version (Security Hub ECS.10).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: 'Leave `platformVersion` unset or set it to "LATEST" (or a version in the allow-list).',
  configSchema: {
    properties: {
      allowedPlatformVersions: {
        type: "array",
        items: { type: "string" },
        description: "Platform versions allowed besides LATEST.",
        default: ["LATEST", "1.4.0"],
      },
    },
  },
  validateResource: validateResourceOfType(aws.ecs.Service, (svc, args, report) => {
    const fargate =
      svc.launchType === "FARGATE" ||
      (svc.capacityProviderStrategies ?? []).some((s) => s.capacityProvider.startsWith("FARGATE"));
    if (!fargate || svc.platformVersion === undefined) return;
    const { allowedPlatformVersions } = args.getConfig<{ allowedPlatformVersions: string[] }>();
    if (!allowedPlatformVersions.includes(svc.platformVersion))
      report(`platformVersion "${svc.platformVersion}" is not one of ${allowedPlatformVersions.join(", ")}`);
  }),
};

export const ecsSvcCircuitBreaker: ResourceValidationPolicy = {
  name: "ecs-svc-circuit-breaker",
  description:
    "ECS services deployed by ECS with ROLLING or BLUE_GREEN must enable the deployment circuit breaker with rollback.",
  severity: "medium",
  remediationSteps:
    "Set `deploymentCircuitBreaker: { enable: true, rollback: true }` so a failing deployment rolls back by itself.",
  validateResource: validateResourceOfType(aws.ecs.Service, (svc, _args, report) => {
    const controller = svc.deploymentController?.type ?? "ECS";
    if (controller !== "ECS") return;
    // The circuit breaker "only supports rolling update deployment and blue/green deployment
    // types" (ECS developer guide, "Amazon ECS deployment failure detection"): CANARY and LINEAR
    // services cannot have one.
    const strategy = svc.deploymentConfiguration?.strategy;
    if (strategy === "CANARY" || strategy === "LINEAR") return;
    const cb = svc.deploymentCircuitBreaker;
    if (cb?.enable !== true || cb.rollback !== true)
      report(`deploymentCircuitBreaker is ${cb ? JSON.stringify(cb) : "unset"}; want enable and rollback`);
  }),
};

export const ecsClusterContainerInsights: ResourceValidationPolicy = {
  name: "ecs-cluster-container-insights",
  description: "ECS clusters should enable Container Insights (Security Hub ECS.12).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps: 'Add `settings: [{ name: "containerInsights", value: "enhanced" }]` (or "enabled").',
  validateResource: validateResourceOfType(aws.ecs.Cluster, (cluster, _args, report) => {
    const s = (cluster.settings ?? []).find((x) => x.name === "containerInsights");
    if (!s || (s.value !== "enabled" && s.value !== "enhanced"))
      report(`containerInsights is ${s ? `"${s.value}"` : "not set (disabled)"}`);
  }),
};

export const ecsClusterExecLogging: ResourceValidationPolicy = {
  name: "ecs-cluster-exec-logging",
  description:
    "ECS Exec sessions should be logged and encrypted with a customer KMS key (Checkov CKV_AWS_223, CKV_AWS_224).",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    'Set `configuration.executeCommandConfiguration` with `kmsKeyId` and `logging: "DEFAULT"` or "OVERRIDE" with a log configuration.',
  validateResource: validateResourceOfType(aws.ecs.Cluster, (cluster, _args, report) => {
    const ecc = cluster.configuration?.executeCommandConfiguration;
    if (ecc?.logging === "NONE") report('executeCommandConfiguration.logging is "NONE"');
    if (!ecc?.kmsKeyId) report("executeCommandConfiguration.kmsKeyId is not set");
  }),
};

export const ecsCapacityProviderTerminationProtection: ResourceValidationPolicy = {
  name: "ecs-capacity-provider-termination-protection",
  description: "EC2 capacity providers should use managed termination protection (Security Hub ECS.19).",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    'Set `autoScalingGroupProvider.managedTerminationProtection: "ENABLED"` with managed scaling on and `protectFromScaleIn` on the Auto Scaling group.',
  validateResource: validateResourceOfType(aws.ecs.CapacityProvider, (cp, _args, report) => {
    const asg = cp.autoScalingGroupProvider;
    if (!asg) return;
    if (asg.managedTerminationProtection !== "ENABLED")
      report(`managedTerminationProtection is ${asg.managedTerminationProtection ?? "unset (DISABLED)"}`);
  }),
};

/** True when an Auto Scaling group may launch Spot instances. */
function spotPossible(props: Record<string, unknown>, lt: Record<string, unknown> | undefined): boolean {
  const mip = props["mixedInstancesPolicy"] as
    | { instancesDistribution?: Record<string, unknown> }
    | undefined;
  if (mip) {
    const pct = mip.instancesDistribution?.["onDemandPercentageAboveBaseCapacity"];
    if (typeof pct !== "number" || pct < 100) return true;
  }
  const market = (lt?.["instanceMarketOptions"] as { marketType?: string } | undefined)?.marketType;
  return market === "spot";
}

export const ecsSpotDraining: StackValidationPolicy = {
  name: "ecs-spot-draining",
  description:
    "ECS container instances that may be Spot must enable Spot instance draining in their user data.",
  severity: "medium",
  remediationSteps:
    "Add `ECS_ENABLE_SPOT_INSTANCE_DRAINING=true` to /etc/ecs/ecs.config in the launch template's user data, so tasks are drained on the two-minute Spot interruption notice.",
  validateStack: (args, report) => {
    for (const asg of args.resources.filter((r) => r.isType(aws.autoscaling.Group))) {
      const templates = asg.dependencies.filter((d) => d.isType(aws.ec2.LaunchTemplate));
      for (const lt of templates) {
        const text = userDataText(lt.props["userData"]);
        if (!text.includes("ECS_CLUSTER")) continue; // not an ECS container instance
        if (!spotPossible(asg.props, lt.props)) continue;
        if (!/ECS_ENABLE_SPOT_INSTANCE_DRAINING\s*=\s*true/.test(text))
          report(
            `launch template "${lt.name}" used by Spot-capable group "${asg.name}" does not enable Spot draining`,
            lt.urn,
          );
      }
    }
  },
};

export const ecsPolicies = [
  ecsTdNoPrivileged,
  ecsTdNonRootUser,
  ecsTdNoHostNetwork,
  ecsTdNoHostPid,
  ecsTdReadonlyRootfs,
  ecsTdNoPlaintextSecrets,
  ecsTdLogging,
  ecsTdLoggingNonBlocking,
  ecsTdEfsTransitEncryption,
  ecsTdDistinctRoles,
  ecsSvcNoPublicIp,
  ecsSvcFargatePlatform,
  ecsSvcCircuitBreaker,
  ecsClusterContainerInsights,
  ecsClusterExecLogging,
  ecsCapacityProviderTerminationProtection,
  ecsSpotDraining,
];
