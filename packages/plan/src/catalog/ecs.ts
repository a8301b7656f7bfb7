/** ECS: clusters, services, task definitions, capacity providers, Express services. */

import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { containerDefinitions } from "./documents";
import { arn, intIn, listLength, oneOf, str } from "./rules";

const NAME = /^[a-zA-Z0-9_-]+$/;
const NAME_ALLOWED = "letters, digits, underscores and hyphens";
const name255 = str({ min: 1, max: 255, pattern: NAME, allowed: NAME_ALLOWED });
const LAUNCH_TYPES = ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"];
const roleArn = arn({ service: "iam", resourceType: "role" });
const STRATEGY = "ECS API Reference, CapacityProviderStrategyItem: weight 0-1000, base 0-100000";
const AWSVPC = "ECS API Reference, AwsVpcConfiguration: up to 16 subnets and 5 security groups";

export const ecs = [
  entry("aws:ecs/cluster:Cluster", {
    constraints: [
      rule(
        "name",
        name255,
        "ECS API Reference, CreateCluster: clusterName (up to 255 letters, numbers, underscores, hyphens)",
      ),
    ],
    durations: { create: 10, source: "no data; stated default" },
    replaceOn: ["name"],
    cost: FREE("an ECS cluster costs nothing; its capacity is priced on services and instances"),
  }),
  entry("aws:ecs/service:Service", {
    constraints: [
      rule(
        "name",
        name255,
        "ECS API Reference, CreateService: serviceName (up to 255 letters, numbers, underscores, hyphens)",
      ),
      rule(
        "cluster",
        arn({ service: "ecs", resourceType: "cluster", orName: NAME }),
        "ECS API Reference, CreateService: cluster (a cluster name or ARN)",
      ),
      rule(
        "taskDefinition",
        arn({ service: "ecs", resourceType: "task-definition", orName: /^[a-zA-Z0-9_-]+(:\d+)?$/ }),
        "ECS API Reference, CreateService: taskDefinition (family[:revision] or ARN)",
      ),
      rule(
        "iamRole",
        arn({ service: "iam", resourceType: "role", orName: /^[\w+=,.@/-]+$/ }),
        "ECS API Reference, CreateService: role (a role name or ARN)",
      ),
      rule(
        "desiredCount",
        intIn(0),
        "ECS API Reference, CreateService: desiredCount (an integer of at least 0)",
      ),
      rule("launchType", oneOf(LAUNCH_TYPES), "ECS API Reference, CreateService: launchType"),
      rule(
        "schedulingStrategy",
        oneOf(["REPLICA", "DAEMON"]),
        "ECS API Reference, CreateService: schedulingStrategy",
      ),
      rule(
        "propagateTags",
        oneOf(["SERVICE", "TASK_DEFINITION", "NONE"]),
        "ECS API Reference, CreateService: propagateTags",
      ),
      rule(
        "healthCheckGracePeriodSeconds",
        intIn(0, 2147483647),
        "ECS API Reference, CreateService: healthCheckGracePeriodSeconds (0-2147483647)",
      ),
      rule(
        "deploymentMinimumHealthyPercent",
        intIn(0, 100),
        "ECS API Reference, DeploymentConfiguration: minimumHealthyPercent (0-100)",
      ),
      rule("capacityProviderStrategies[*].weight", intIn(0, 1000), STRATEGY),
      rule("capacityProviderStrategies[*].base", intIn(0, 100000), STRATEGY),
      rule("networkConfiguration.subnets", listLength(1, 16), AWSVPC),
      rule("networkConfiguration.securityGroups", listLength(0, 5), AWSVPC),
      rule(
        "loadBalancers[*].targetGroupArn",
        arn({ service: "elasticloadbalancing", resourceType: "targetgroup" }),
        "ECS API Reference, LoadBalancer: targetGroupArn (an ELB target group ARN)",
      ),
      rule(
        "loadBalancers[*].containerPort",
        intIn(0, 65535),
        "ECS API Reference, LoadBalancer: containerPort",
      ),
      rule(
        "deploymentConfiguration.strategy",
        oneOf(["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"]),
        "ECS API Reference, DeploymentConfiguration: strategy",
      ),
    ],
    durations: {
      create: 5,
      update: 5,
      source: "B2: ECS service ~1 s without waiting for steady state (150 s when waitForSteadyState)",
    },
    replaceOn: ["name", "cluster", "launchType", "schedulingStrategy"],
    cost: PRICED,
  }),
  entry("aws:ecs/taskDefinition:TaskDefinition", {
    constraints: [
      rule(
        "family",
        name255,
        "ECS API Reference, RegisterTaskDefinition: family (up to 255 letters, numbers, underscores, hyphens)",
      ),
      rule(
        "containerDefinitions",
        containerDefinitions,
        "ECS API Reference, ContainerDefinition and HealthCheck (interval 5-300, timeout 2-60, retries 1-10, startPeriod 0-300)",
      ),
      rule(
        "networkMode",
        oneOf(["none", "bridge", "awsvpc", "host"]),
        "ECS API Reference, RegisterTaskDefinition: networkMode",
      ),
      rule(
        "requiresCompatibilities[*]",
        oneOf(LAUNCH_TYPES),
        "ECS API Reference, RegisterTaskDefinition: requiresCompatibilities",
      ),
      rule(
        "executionRoleArn",
        roleArn,
        "ECS API Reference, RegisterTaskDefinition: executionRoleArn (an IAM role ARN)",
      ),
      rule(
        "taskRoleArn",
        roleArn,
        "ECS API Reference, RegisterTaskDefinition: taskRoleArn (an IAM role ARN)",
      ),
      rule(
        "runtimePlatform.cpuArchitecture",
        oneOf(["X86_64", "ARM64"]),
        "ECS API Reference, RuntimePlatform: cpuArchitecture",
      ),
      rule(
        "runtimePlatform.operatingSystemFamily",
        oneOf([
          "LINUX",
          "WINDOWS_SERVER_2019_FULL",
          "WINDOWS_SERVER_2019_CORE",
          "WINDOWS_SERVER_2016_FULL",
          "WINDOWS_SERVER_2004_CORE",
          "WINDOWS_SERVER_2022_CORE",
          "WINDOWS_SERVER_2022_FULL",
          "WINDOWS_SERVER_2025_CORE",
          "WINDOWS_SERVER_2025_FULL",
          "WINDOWS_SERVER_20H2_CORE",
        ]),
        "ECS API Reference, RuntimePlatform: operatingSystemFamily",
      ),
      rule(
        "ephemeralStorage.sizeInGib",
        intIn(21, 200),
        "ECS API Reference, EphemeralStorage: sizeInGiB (21-200)",
      ),
      rule(
        "volumes[*].name",
        name255,
        "ECS API Reference, Volume: name (up to 255 letters, numbers, hyphens, underscores)",
      ),
    ],
    durations: { create: 2, source: "no data; a single RegisterTaskDefinition call" },
    replaceOn: ["*"],
    cost: FREE("task definitions are free; their tasks are priced on the service"),
  }),
  entry("aws:ecs/capacityProvider:CapacityProvider", {
    constraints: [
      rule(
        "name",
        str({
          min: 1,
          max: 255,
          pattern: /^(?!(aws|ecs|fargate))[a-zA-Z0-9_-]+$/i,
          allowed: `${NAME_ALLOWED}, not starting with aws, ecs or fargate`,
        }),
        "ECS API Reference, CreateCapacityProvider: name (up to 255 characters; cannot be prefixed with aws, ecs or fargate)",
      ),
      rule(
        "autoScalingGroupProvider.autoScalingGroupArn",
        arn({ service: "autoscaling", resourceType: "autoScalingGroup" }),
        "ECS API Reference, AutoScalingGroupProvider: autoScalingGroupArn",
      ),
      rule(
        "autoScalingGroupProvider.managedScaling.targetCapacity",
        intIn(1, 100),
        "ECS API Reference, ManagedScaling: targetCapacity (1-100)",
      ),
      rule(
        "autoScalingGroupProvider.managedScaling.minimumScalingStepSize",
        intIn(1, 10000),
        "ECS API Reference, ManagedScaling: minimumScalingStepSize (1-10000)",
      ),
      rule(
        "autoScalingGroupProvider.managedScaling.maximumScalingStepSize",
        intIn(1, 10000),
        "ECS API Reference, ManagedScaling: maximumScalingStepSize (1-10000)",
      ),
      rule(
        "autoScalingGroupProvider.managedScaling.instanceWarmupPeriod",
        intIn(0, 10000),
        "ECS API Reference, ManagedScaling: instanceWarmupPeriod (0-10000)",
      ),
    ],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["name", "autoScalingGroupProvider.autoScalingGroupArn"],
    cost: PRICED,
  }),
  entry("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", {
    constraints: [
      rule("defaultCapacityProviderStrategies[*].weight", intIn(0, 1000), STRATEGY),
      rule("defaultCapacityProviderStrategies[*].base", intIn(0, 100000), STRATEGY),
    ],
    durations: { create: 5, source: TIMING.NO_DATA },
    replaceOn: ["clusterName"],
    cost: FREE("associating capacity providers is free"),
  }),
  entry("aws:ecs/expressGatewayService:ExpressGatewayService", {
    constraints: [
      rule(
        "networkConfigurations[*].subnets",
        listLength(2),
        '@pulumi/aws 7.48 ExpressGatewayServiceNetworkConfiguration.subnets: "At least 2 subnets must be specified when using network configuration" (ECS API Reference, ExpressGatewayServiceNetworkConfiguration)',
      ),
      rule(
        "cpu",
        oneOf(["256", "512", "1024", "2048", "4096", 256, 512, 1024, 2048, 4096]),
        "@pulumi/aws 7.48 ExpressGatewayService.cpu: powers of 2 between 256 and 4096",
      ),
      rule(
        "memory",
        intIn(512, 8192),
        "@pulumi/aws 7.48 ExpressGatewayService.memory: between 512 and 8192 MiB",
      ),
      rule(
        "executionRoleArn",
        roleArn,
        "ECS API Reference, CreateExpressGatewayService: executionRoleArn (an IAM role ARN)",
      ),
      rule(
        "infrastructureRoleArn",
        roleArn,
        "ECS API Reference, CreateExpressGatewayService: infrastructureRoleArn (an IAM role ARN)",
      ),
      rule(
        "taskRoleArn",
        roleArn,
        "ECS API Reference, CreateExpressGatewayService: taskRoleArn (an IAM role ARN)",
      ),
      rule(
        "serviceName",
        name255,
        "ECS API Reference, CreateExpressGatewayService: serviceName (up to 255 letters, numbers, underscores, hyphens)",
      ),
    ],
    durations: {
      create: 300,
      update: 150,
      source:
        "no sample in the research; Express creates an ALB (p50 ~2.4 min) and waits for the tasks (~1.5-3 min), estimate",
    },
    replaceOn: ["serviceName", "cluster"],
    cost: PRICED,
  }),
];
