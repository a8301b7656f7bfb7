/**
 * The `aws-containers` pack's policies: security and reliability rules for what Berth creates on
 * ECS, EKS, ECR, load balancers, EFS, IAM, Secrets Manager, security groups, VPC Lattice and
 * Application Auto Scaling. Tests and `@berth/plan` import this array; only the pack's root
 * `index.ts` constructs the `PolicyPack` (which starts a gRPC server).
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { ecrPolicies } from "./ecr";
import { ecsPolicies } from "./ecs";
import { ecsModePolicies } from "./ecs-express";
import { efsPolicies } from "./efs";
import { eksPolicies } from "./eks";
import { iamPolicies } from "./iam";
import { iamNoAdminPolicy } from "./iam-admin";
import { latticePolicies } from "./lattice";
import { lbPolicies } from "./lb";
import { networkPolicies } from "./network";
import { resiliencePolicies } from "./resilience";
import { scalingPolicies } from "./scaling";
import { schedulerPolicies } from "./scheduler";
import { secretsPolicies } from "./secrets";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const packName = "aws-containers";

/** The pack's default level: rules without their own level are mandatory. */
export const enforcementLevel: EnforcementLevel = "mandatory";

export const policies: Policies = [
  ...ecsPolicies,
  ...ecsModePolicies,
  ...eksPolicies,
  ...ecrPolicies,
  ...lbPolicies,
  ...efsPolicies,
  ...iamPolicies,
  iamNoAdminPolicy,
  ...secretsPolicies,
  ...networkPolicies,
  ...latticePolicies,
  ...scalingPolicies,
  ...resiliencePolicies,
  ...schedulerPolicies,
];

export {
  ecrPolicies,
  ecsModePolicies,
  ecsPolicies,
  efsPolicies,
  eksPolicies,
  iamPolicies,
  latticePolicies,
  lbPolicies,
  networkPolicies,
  resiliencePolicies,
  scalingPolicies,
  schedulerPolicies,
  secretsPolicies,
};
