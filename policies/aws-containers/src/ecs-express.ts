/**
 * ECS Express Mode services (`aws.ecs.ExpressGatewayService`) and ECS Managed Instances capacity
 * providers (`managedInstancesProvider`): where their tasks and instances run, their roles, tags.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";

/** The subnets of this stack among `ids` (by id or dependency) that give instances public IPs. */
function publicSubnets(
  owner: PolicyResource,
  prop: string,
  ids: readonly unknown[],
  resources: readonly PolicyResource[],
): string[] {
  const deps = new Set((owner.propertyDependencies[prop] ?? []).map((d) => d.urn));
  return resources
    .filter((r) => r.isType(aws.ec2.Subnet) && r.props["mapPublicIpOnLaunch"] === true)
    .filter((s) => deps.has(s.urn) || ids.includes(s.props["id"]))
    .map((s) => s.name);
}

export const ecsExpressNetwork: StackValidationPolicy = {
  name: "ecs-express-network",
  description:
    "ECS Express services should set their network configuration: subnets and security groups of your VPC, not public subnets (without it they run in the default VPC with its default security group).",
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set `networkConfigurations: [{ subnets, securityGroups }]` with private subnets (at least 2) and security groups of your VPC (Berth's `ExpressService`: `subnetIds` and `securityGroupIds`).",
  validateStack: (args, report) => {
    for (const svc of args.resources.filter((r) => r.isType(aws.ecs.ExpressGatewayService))) {
      const configs = (svc.props["networkConfigurations"] ?? []) as Array<{
        subnets?: unknown[];
        securityGroups?: unknown[];
      }>;
      const net = configs[0];
      if (!net) {
        report(
          `service "${svc.name}" has no networkConfigurations (default VPC and security group)`,
          svc.urn,
        );
        continue;
      }
      if ((net.subnets ?? []).length === 0) report(`service "${svc.name}" names no subnets`, svc.urn);
      if ((net.securityGroups ?? []).length === 0)
        report(`service "${svc.name}" names no security groups (the VPC's default group)`, svc.urn);
      const open = publicSubnets(svc, "networkConfigurations", net.subnets ?? [], args.resources);
      if (open.length)
        report(
          `service "${svc.name}" runs in public subnets (mapPublicIpOnLaunch): ${open.join(", ")}`,
          svc.urn,
        );
    }
  },
};

export const ecsExpressDistinctRoles: ResourceValidationPolicy = {
  name: "ecs-express-distinct-roles",
  description:
    "An ECS Express service's task role, execution role and infrastructure role should be three different roles.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Give the application its own task role (or none), keep the execution role for images, logs and secrets, and the infrastructure role for what ECS manages (AmazonECSInfrastructureRoleforExpressGatewayServices).",
  validateResource: validateResourceOfType(aws.ecs.ExpressGatewayService, (svc, _args, report) => {
    const { taskRoleArn, executionRoleArn, infrastructureRoleArn } = svc;
    if (taskRoleArn && taskRoleArn === executionRoleArn)
      report(`taskRoleArn and executionRoleArn are the same role (${taskRoleArn})`);
    if (infrastructureRoleArn && [taskRoleArn, executionRoleArn].includes(infrastructureRoleArn))
      report(`infrastructureRoleArn is also a task or execution role (${infrastructureRoleArn})`);
  }),
};

export const ecsManagedInstancesNetwork: StackValidationPolicy = {
  name: "ecs-managed-instances-network",
  description:
    "ECS Managed Instances should launch into your security groups and private subnets (without security groups they get the VPC's default group).",
  severity: "high",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set `managedInstancesProvider.instanceLaunchTemplate.networkConfiguration` with private `subnets` and `securityGroups` that admit only what the tasks need.",
  validateStack: (args, report) => {
    for (const cp of args.resources.filter((r) => r.isType(aws.ecs.CapacityProvider))) {
      const mip = cp.props["managedInstancesProvider"] as
        | {
            instanceLaunchTemplate?: {
              networkConfiguration?: { subnets?: unknown[]; securityGroups?: unknown[] };
            };
          }
        | undefined;
      if (!mip) continue;
      const net = mip.instanceLaunchTemplate?.networkConfiguration;
      if ((net?.securityGroups ?? []).length === 0)
        report(`capacity provider "${cp.name}" names no security groups (the VPC's default group)`, cp.urn);
      const open = publicSubnets(cp, "managedInstancesProvider", net?.subnets ?? [], args.resources);
      if (open.length)
        report(
          `capacity provider "${cp.name}" launches into public subnets (mapPublicIpOnLaunch): ${open.join(", ")}`,
          cp.urn,
        );
    }
  },
};

export const ecsManagedInstancesPropagateTags: ResourceValidationPolicy = {
  name: "ecs-managed-instances-propagate-tags",
  description:
    "ECS Managed Instances should carry the capacity provider's tags (propagateTags CAPACITY_PROVIDER), so instances are attributed for cost and ownership.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    'Set `managedInstancesProvider.propagateTags: "CAPACITY_PROVIDER"` and tag the capacity provider.',
  validateResource: validateResourceOfType(aws.ecs.CapacityProvider, (cp, _args, report) => {
    const mip = cp.managedInstancesProvider;
    if (!mip) return;
    if (mip.propagateTags !== "CAPACITY_PROVIDER")
      report(`managedInstancesProvider.propagateTags is ${mip.propagateTags ?? "unset (NONE)"}`);
  }),
};

export const ecsModePolicies = [
  ecsExpressNetwork,
  ecsExpressDistinctRoles,
  ecsManagedInstancesNetwork,
  ecsManagedInstancesPropagateTags,
];
