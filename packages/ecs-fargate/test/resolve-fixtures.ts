import { type FargateServiceArgs, resolveFargateServiceArgs, resolveServiceScaling } from "../src";
import { SERVICE_NET } from "./helpers";

/** A service with one container port and nothing optional. */
export const MINIMAL: FargateServiceArgs = {
  ...SERVICE_NET,
  containers: [
    {
      name: "app",
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0",
      portMappings: [{ containerPort: 8080 }],
    },
  ],
};
export const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/c";
export const LISTENER =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2";
export const NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/n/1";

/** Minimal args of each optional block, so its defaults are filled. */
export const WITH: Record<"alb" | "nlb" | "autoscaling" | "discovery", FargateServiceArgs> = {
  alb: {
    ...MINIMAL,
    loadBalancer: { create: { certificateArn: CERTIFICATE, subnetIds: ["subnet-1", "subnet-2"] } },
  },
  nlb: { ...MINIMAL, networkLoadBalancer: { loadBalancerArn: NLB, port: 443, subnetCidrs: ["10.0.0.0/24"] } },
  autoscaling: { ...MINIMAL, autoscaling: { maxCapacity: 4 } },
  discovery: { ...MINIMAL, serviceDiscovery: { namespaceId: "ns-1" } },
};

/** Resolve of the minimal args and of each block. */
export const RESOLVED = {
  r: resolveFargateServiceArgs("web", MINIMAL),
  alb: resolveFargateServiceArgs("web", WITH.alb),
  nlb: resolveFargateServiceArgs("web", WITH.nlb),
  scaled: resolveFargateServiceArgs("web", WITH.autoscaling),
  discovery: resolveFargateServiceArgs("web", WITH.discovery),
};
const { r, alb, nlb, scaled, discovery } = RESOLVED;

/** Every default resolve fills, by argument path: the table the README's table is checked against. */
export const DEFAULTS: Record<string, unknown> = {
  cpu: r.task.cpu,
  memory: r.task.memory,
  cpuArchitecture: r.task.cpuArchitecture,
  operatingSystemFamily: r.task.operatingSystemFamily,
  platformVersion: r.task.platformVersion,
  logRetentionDays: r.task.logRetentionDays,
  imageOwner: r.task.imageOwner,
  kmsKeyArns: r.task.kmsKeyArns,
  taskRoleStatements: r.task.taskRoleStatements,
  efsVolumes: r.task.efsVolumes,
  pullThroughCachePrefixes: r.task.pullThroughCachePrefixes,
  desiredCount: r.desiredCount,
  assignPublicIp: r.assignPublicIp,
  securityGroupIds: r.securityGroupIds,
  ingressSecurityGroups: r.ingressSecurityGroups,
  ingressCidrs: r.ingress,
  enableExec: r.exec,
  latticeTargets: r.latticeTargets,
  "loadBalancer.create.internal": alb.alb?.create?.internal,
  "loadBalancer.create.idleTimeout": alb.alb?.create?.idleTimeout,
  "loadBalancer.create.deletionProtection": alb.alb?.create?.deletionProtection,
  "loadBalancer.hostHeaders": alb.alb?.hostHeaders,
  "loadBalancer.priority": alb.alb?.priority,
  "loadBalancer.healthCheckPath": alb.alb?.healthCheckPath,
  "loadBalancer.healthCheckMatcher": alb.alb?.healthCheckMatcher,
  "loadBalancer.healthCheckInterval": alb.alb?.healthCheckInterval,
  "loadBalancer.deregistrationDelay": alb.alb?.deregistrationDelay,
  "loadBalancer.healthCheckGracePeriod": alb.healthCheckGracePeriod,
  "networkLoadBalancer.protocol": nlb.nlb?.protocol,
  "networkLoadBalancer.deregistrationDelay": nlb.nlb?.deregistrationDelay,
  "autoscaling.minCapacity": scaled.autoscaling?.minCapacity,
  "autoscaling.cpuTarget": resolveServiceScaling({ maxCapacity: 4 }, false).cpuTarget,
  "autoscaling.scaleInCooldown": resolveServiceScaling({ maxCapacity: 4 }, false).scaleInCooldown,
  "autoscaling.scaleOutCooldown": resolveServiceScaling({ maxCapacity: 4 }, false).scaleOutCooldown,
  "deployment.strategy": r.deployment.strategy,
  "deployment.bakeTimeMinutes": r.deployment.bakeTimeMinutes,
  "deployment.canaryPercent": r.deployment.canaryPercent,
  "deployment.canaryBakeTimeMinutes": r.deployment.canaryBakeTimeMinutes,
  "deployment.linearStepPercent": r.deployment.linearStepPercent,
  "deployment.linearStepBakeTimeMinutes": r.deployment.linearStepBakeTimeMinutes,
  "deployment.alarmNames": r.deployment.alarmNames,
  "deployment.circuitBreaker": r.deployment.circuitBreaker,
  "deployment.minimumHealthyPercent": r.deployment.minimumHealthyPercent,
  "deployment.maximumPercent": r.deployment.maximumPercent,
  "deployment.waitForSteadyState": r.deployment.waitForSteadyState,
  "serviceDiscovery.dnsTtl": discovery.serviceDiscovery?.dnsTtl,
};
