export { principalKey, sameIdentity } from "./access";
export * from "./args";
export * from "./eks-cluster";
export { LOAD_BALANCER_CONTROLLER_CHART_VERSION, loadBalancerControllerStatements } from "./lbc-policy";
export * from "./pod-identity";
export {
  cidrPrefix,
  controllersByDefault,
  DEFAULT_INSTANCE_TYPES,
  EKS_CLUSTER_DEFAULTS,
  type EksClusterNames,
  type EksClusterRoleNames,
  type ResolvedAccessGrant,
  type ResolvedEksClusterArgs,
  type ResolvedFargateProfile,
  type ResolvedManagedNodeGroup,
  type ResolvedSelfManagedNodeGroup,
  type ResolvedTaint,
  resolveEksClusterArgs,
  validateEksClusterArgs,
} from "./resolve";
export { isGravitonType } from "./resolve-compute";
export { nodeadmUserData } from "./user-data";
export * from "./versions";
