import type { FargateServiceArgs } from "./fargate-service";

/** The names of a {@link FargateService}'s children (`undefined`: not created with these args). */
export interface FargateServiceNames {
  /** Container log group. */
  logGroup: string;
  /** Execution role (unless adopted). */
  executionRole: string | undefined;
  /** Task role (unless adopted). */
  taskRole: string | undefined;
  /** Task definition. */
  taskDefinition: string;
  /** Security group of the tasks. */
  securityGroup: string;
  /** Its egress rule. */
  egress: string;
  /** Security group of a created ALB. */
  albSecurityGroup: string | undefined;
  /** The created ALB's egress rule to the tasks. */
  albEgress: string | undefined;
  /** A created ALB. */
  alb: string | undefined;
  /** Its HTTPS listener. */
  httpsListener: string | undefined;
  /** Its HTTP-to-HTTPS redirect listener. */
  httpListener: string | undefined;
  /** Target group of a load balancer. */
  targetGroup: string | undefined;
  /** Alternate target group of a progressive deployment. */
  alternateTargetGroup: string | undefined;
  /** ALB listener rule. */
  listenerRule: string | undefined;
  /** NLB listener. */
  listener: string | undefined;
  /** Cloud Map service. */
  discovery: string | undefined;
  /** ECS infrastructure role for VPC Lattice (unless adopted). */
  latticeRole: string | undefined;
  /** ECS infrastructure role for load balancer traffic shifting (progressive deployments). */
  loadBalancerRole: string | undefined;
  /** The ECS service. */
  service: string;
  /** Application Auto Scaling target (with autoscaling or a sleep schedule). */
  scaling: string | undefined;
}

/** The names of the children a builder creates once resolve has named them. */
export type NamedChildren = { [K in keyof FargateServiceNames]-?: NonNullable<FargateServiceNames[K]> };

/**
 * The AWS name limits of the auto-named children (target groups and load balancers 32 characters,
 * IAM roles 64: ELB CreateTargetGroup/CreateLoadBalancer Name, IAM CreateRole RoleName).
 */
export const NAME_LIMITS = {
  executionRole: 64,
  taskRole: 64,
  targetGroup: 32,
  alternateTargetGroup: 32,
  loadBalancerRole: 64,
  alb: 32,
  latticeRole: 64,
} as const satisfies Partial<Record<keyof FargateServiceNames, number>>;

/** The children a service with these arguments creates, by name. */
export function fargateServiceNames(
  name: string,
  args: FargateServiceArgs,
  progressive: boolean,
): FargateServiceNames {
  const lb = args.loadBalancer;
  const balanced = lb !== undefined || args.networkLoadBalancer !== undefined;
  const created = lb?.create !== undefined;
  const when = (on: unknown, suffix: string) => (on ? `${name}-${suffix}` : undefined);
  return {
    logGroup: `${name}-logs`,
    executionRole: when(args.executionRoleArn === undefined, "execution"),
    taskRole: when(args.taskRoleArn === undefined, "task"),
    taskDefinition: `${name}-taskdef`,
    securityGroup: `${name}-sg`,
    egress: `${name}-egress`,
    albSecurityGroup: when(created, "alb-sg"),
    albEgress: when(created, "alb-out"),
    alb: when(created, "alb"),
    httpsListener: when(created, "https"),
    httpListener: when(created, "http"),
    targetGroup: when(balanced, "tg"),
    alternateTargetGroup: when(balanced && progressive, "tg-alt"),
    listenerRule: when(lb, "rule"),
    listener: when(args.networkLoadBalancer, "listener"),
    discovery: when(args.serviceDiscovery, "discovery"),
    latticeRole: when(
      (args.latticeTargets?.length ?? 0) > 0 && args.latticeInfrastructureRoleArn === undefined,
      "lattice",
    ),
    loadBalancerRole: when(balanced && progressive, "lb-role"),
    service: `${name}-service`,
    scaling: when(args.autoscaling || args.awake, "scaling"),
  };
}
