import type * as pulumi from "@pulumi/pulumi";
import type { LatticeService } from "./lattice-service";

/**
 * The AWS managed policy, and the only one, the ECS infrastructure role needs so ECS can register
 * and deregister a service's tasks in VPC Lattice target groups.
 */
export const ECS_LATTICE_INFRASTRUCTURE_POLICY = "AmazonECSInfrastructureRolePolicyForVpcLattice";

/**
 * What an ECS service needs to register its tasks into a Lattice target group: the shape of one
 * entry of `FargateService.latticeTargets` in `@berth/ecs-fargate` (and of
 * `aws.ecs.Service.vpcLatticeConfigurations` without the role).
 */
export interface EcsLatticeTarget {
  /** ARN of a Lattice target group of type IP. */
  targetGroupArn: pulumi.Output<string>;
  /** Name of the container port mapping (`portMappings[].name`) whose port receives the traffic. */
  portName: string;
}

/**
 * The entry for `FargateService.latticeTargets` that registers the ECS service's tasks into the
 * target group `targetGroup` of `service`. The ECS component creates the ECS infrastructure role
 * with exactly {@link ECS_LATTICE_INFRASTRUCTURE_POLICY} (trusted by `ecs.amazonaws.com`) and sets
 * `vpcLatticeConfigurations` on the `aws.ecs.Service`. The target group must be of type `IP`
 * (awsvpc tasks) and be declared without `targets`.
 *
 * Throws if the service has no such target group.
 */
export function ecsLatticeTarget(
  service: LatticeService,
  targetGroup: string,
  portName: string,
): EcsLatticeTarget {
  const arn = service.targetGroupArns[targetGroup];
  if (arn === undefined) {
    throw new Error(
      `ecsLatticeTarget: the Lattice service has no target group "${targetGroup}"; it has ${Object.keys(
        service.targetGroupArns,
      )
        .map((k) => JSON.stringify(k))
        .join(", ")}.`,
    );
  }
  if (!/^[a-z0-9]([a-z0-9_-]{0,62})$/i.test(portName)) {
    throw new Error(
      `ecsLatticeTarget: portName ${JSON.stringify(portName)} is not a container port mapping name.`,
    );
  }
  return { targetGroupArn: arn, portName };
}
