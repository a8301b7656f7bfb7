export * from "./eks-cluster";
export { loadBalancerControllerStatements } from "./lbc-policy";
export * from "./pod-identity";
export * from "./versions";
