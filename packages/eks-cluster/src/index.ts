export * from "./eks-cluster";
export { LOAD_BALANCER_CONTROLLER_CHART_VERSION, loadBalancerControllerStatements } from "./lbc-policy";
export * from "./pod-identity";
export * from "./versions";
