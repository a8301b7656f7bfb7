import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedFargateServiceArgs } from "./fargate-service-resolve";
import { createInfrastructureRole, createLatticeInfrastructureRole } from "./roles";
import type { AwsContext } from "./task";

/** The AWS managed policy ECS needs to shift ALB traffic in blue/green, canary and linear deployments. */
export const LOAD_BALANCER_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForLoadBalancers";

/** The Cloud Map service `${name}-discovery` the tasks register A records in, if asked. */
export function buildDiscovery(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  tags: pulumi.Input<Record<string, string>>,
): aws.servicediscovery.Service | undefined {
  const sd = r.serviceDiscovery;
  if (!sd || !r.names.discovery) return undefined;
  return new aws.servicediscovery.Service(
    r.names.discovery,
    {
      name: sd.name,
      namespaceId: sd.namespaceId,
      dnsConfig: {
        namespaceId: sd.namespaceId,
        routingPolicy: "MULTIVALUE",
        dnsRecords: [{ type: "A", ttl: sd.dnsTtl }],
      },
      tags,
    },
    { parent: scope },
  );
}

/** The ECS infrastructure roles a service uses, and the policy attachments it must wait for. */
export interface InfrastructureRoles {
  /** Role ECS registers Lattice targets with (created or given). */
  latticeRoleArn: pulumi.Input<string> | undefined;
  /** Role ECS shifts load balancer traffic with in progressive deployments. */
  loadBalancerRoleArn: pulumi.Output<string> | undefined;
  /** Policy attachments of the created roles. */
  attachments: aws.iam.RolePolicyAttachment[];
}

/**
 * The ECS infrastructure roles: `${name}-lattice` for VPC Lattice targets (unless given) and
 * `${name}-lb-role` for the traffic shifts of progressive deployments. The service depends on each
 * role's policy attachment: ECS assumes the role for the whole life of the service, so the policy
 * must exist first and be deleted last (the @pulumi/aws ecs.Service docs: otherwise the service
 * can get stuck in DRAINING on destroy).
 */
export function buildInfrastructureRoles(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  hasProduction: boolean,
  ctx: AwsContext,
  tags: pulumi.Input<Record<string, string>>,
): InfrastructureRoles {
  const attachments: aws.iam.RolePolicyAttachment[] = [];
  let latticeRoleArn: pulumi.Input<string> | undefined = r.args.latticeInfrastructureRoleArn;
  if (r.names.latticeRole) {
    const lattice = createLatticeInfrastructureRole(r.name, ctx.accountId, ctx.partition, scope, tags);
    latticeRoleArn = lattice.role.arn;
    attachments.push(lattice.attachment);
  }
  let loadBalancerRoleArn: pulumi.Output<string> | undefined;
  if (r.names.loadBalancerRole && hasProduction) {
    const lbRole = createInfrastructureRole(
      r.names.loadBalancerRole,
      LOAD_BALANCER_INFRASTRUCTURE_POLICY,
      ctx.accountId,
      ctx.partition,
      scope,
      tags,
    );
    loadBalancerRoleArn = lbRole.role.arn;
    attachments.push(lbRole.attachment);
  }
  return { latticeRoleArn, loadBalancerRoleArn, attachments };
}
