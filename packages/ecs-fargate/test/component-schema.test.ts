import path from "node:path";
import { type ComponentSchema, componentSchema, undocumentedInputs } from "@berth/core/component-schema";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The components whose args Pulumi's component analyzer must accept (so that they can be served
 * to Python, Go, C# and YAML programs later), with the argument names the schema must list.
 * One row per component.
 */
const COMPONENTS: Record<string, readonly string[]> = {
  FargateService: [
    "assignPublicIp",
    "autoscaling",
    "awake",
    "clusterArn",
    "containers",
    "cpu",
    "cpuArchitecture",
    "deployment",
    "desiredCount",
    "desiredCountOwner",
    "efsVolumes",
    "enableExec",
    "ephemeralStorageGiB",
    "execKmsKeyArn",
    "execLogGroupArn",
    "executionRoleArn",
    "family",
    "imageOwner",
    "ingressCidrs",
    "ingressSecurityGroups",
    "kmsKeyArns",
    "latticeInfrastructureRoleArn",
    "latticeTargets",
    "loadBalancer",
    "logKmsKeyArn",
    "logRetentionDays",
    "memory",
    "networkLoadBalancer",
    "operatingSystemFamily",
    "platformVersion",
    "pullThroughCachePrefixes",
    "securityGroupIds",
    "serviceConnect",
    "serviceDiscovery",
    "spot",
    "subnetIds",
    "tags",
    "taskRoleArn",
    "taskRoleStatements",
    "vpcId",
  ],
  ExpressService: [
    "awake",
    "clusterArn",
    "command",
    "containerPort",
    "ecrImage",
    "cpu",
    "environment",
    "executionRoleArn",
    "healthCheckPath",
    "image",
    "infrastructureRoleArn",
    "kmsKeyArns",
    "logRetentionDays",
    "maxCapacity",
    "memory",
    "minCapacity",
    "scalingMetric",
    "scalingTarget",
    "secrets",
    "securityGroupIds",
    "subnetIds",
    "tags",
    "taskRoleStatements",
    "waitForSteadyState",
  ],
  QueueWorker: [
    "acceptableLatencySeconds",
    "awake",
    "clusterArn",
    "containers",
    "cpu",
    "cpuArchitecture",
    "efsVolumes",
    "ephemeralStorageGiB",
    "executionRoleArn",
    "family",
    "fifo",
    "imageOwner",
    "kmsKeyArns",
    "logKmsKeyArn",
    "logRetentionDays",
    "maxCapacity",
    "maxReceiveCount",
    "memory",
    "messageRetentionSeconds",
    "minCapacity",
    "operatingSystemFamily",
    "platformVersion",
    "pullThroughCachePrefixes",
    "queueKmsKeyArn",
    "queueUrlVariable",
    "secondsPerMessage",
    "securityGroupIds",
    "spot",
    "subnetIds",
    "tags",
    "taskRoleArn",
    "taskRoleStatements",
    "visibilityTimeoutSeconds",
    "vpcId",
  ],
  ScheduledTask: [
    "assignPublicIp",
    "awake",
    "clusterArn",
    "containers",
    "cpu",
    "cpuArchitecture",
    "deadLetterQueueArn",
    "efsVolumes",
    "enabled",
    "ephemeralStorageGiB",
    "executionRoleArn",
    "family",
    "flexibleWindowMinutes",
    "imageOwner",
    "kmsKeyArns",
    "logKmsKeyArn",
    "logRetentionDays",
    "maximumEventAgeSeconds",
    "memory",
    "operatingSystemFamily",
    "platformVersion",
    "pullThroughCachePrefixes",
    "retryAttempts",
    "runWhileAsleep",
    "schedule",
    "scheduleGroup",
    "securityGroupIds",
    "spot",
    "subnetIds",
    "tags",
    "taskCount",
    "taskRoleArn",
    "taskRoleStatements",
    "timezone",
    "vpcId",
  ],
  EventTask: [
    "clusterArn",
    "containers",
    "cpu",
    "cpuArchitecture",
    "deadLetterQueueArn",
    "efsVolumes",
    "ephemeralStorageGiB",
    "eventBusName",
    "eventPattern",
    "executionRoleArn",
    "family",
    "imageOwner",
    "kmsKeyArns",
    "logKmsKeyArn",
    "logRetentionDays",
    "maximumEventAgeSeconds",
    "memory",
    "operatingSystemFamily",
    "platformVersion",
    "pullThroughCachePrefixes",
    "retryAttempts",
    "securityGroupIds",
    "spot",
    "subnetIds",
    "tags",
    "taskCount",
    "taskRoleArn",
    "taskRoleStatements",
    "vpcId",
  ],
  ClusterCapacityProviders: [
    "associationAliases",
    "capacityProviders",
    "clusterName",
    "defaultStrategy",
    "fargate",
  ],
  Cluster: ["containerInsights", "ec2Capacity", "execKmsKeyArn", "execLogRetentionDays", "tags"],
};

describe("component schema (Pulumi's component analyzer)", () => {
  let schema: ComponentSchema;
  let found: string[];
  beforeAll(async () => {
    // One analysis of every component (each builds a TypeScript program of the package).
    ({ schema, components: found } = await componentSchema(
      path.join(__dirname, ".."),
      "berth-ecs-fargate",
      await import("../src/index.js"),
    ));
  }, 180_000);

  it("finds every component the package exports", () => {
    expect(found).toEqual(Object.keys(COMPONENTS).sort());
  });

  it.each(Object.entries(COMPONENTS))("%s: the schema lists every argument", (component, expected) => {
    const resource = schema.resources[`berth-ecs-fargate:index:${component}`];
    expect(Object.keys(resource?.inputProperties ?? {}).sort()).toEqual([...expected].sort());
  });

  it("reads ingressSecurityGroups as a map of strings (a record keyed by the caller)", () => {
    expect(
      schema.resources["berth-ecs-fargate:index:FargateService"]?.inputProperties?.["ingressSecurityGroups"],
    ).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
  });

  it("documents every argument, of every component and every type they use", () => {
    expect(undocumentedInputs(schema)).toEqual([]);
  });

  it("reads literal unions as named enums (e.g. Cluster.containerInsights, Effect of @berth/core)", () => {
    expect(
      schema.resources["berth-ecs-fargate:index:Cluster"]?.inputProperties?.["containerInsights"]?.$ref,
    ).toBe("#/types/berth-ecs-fargate:index:ContainerInsights");
    expect(schema.types?.["berth-ecs-fargate:index:ContainerInsights"]?.enum).toEqual([
      { name: "Enhanced", value: "enhanced", description: expect.any(String) },
      { name: "Enabled", value: "enabled", description: expect.any(String) },
      { name: "Disabled", value: "disabled", description: expect.any(String) },
    ]);
    // A container's image is a string or a separate ECR image object (not a union the analyzer
    // would read as a string).
    const container = schema.types?.["berth-ecs-fargate:index:ContainerArgs"]?.properties;
    expect(container?.["image"]?.type).toBe("string");
    expect(container?.["ecrImage"]?.$ref).toBe("#/types/berth-ecs-fargate:index:EcrImage");
    const effect = schema.types?.["berth-ecs-fargate:index:Effect"]?.enum as
      | Array<{ value: string }>
      | undefined;
    expect(effect?.map((e) => e.value)).toEqual(["Allow", "Deny"]);
  });
});
