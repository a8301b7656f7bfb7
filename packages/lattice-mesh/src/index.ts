export { ACCESS_LOG_DEFAULTS, type AccessLogArgs, type ResolvedAccessLogs } from "./access-logs";
export * from "./auth-policy";
export * from "./ecs";
export * from "./gateway-api-controller";
export * from "./lattice-service";
export * from "./lattice-service-args";
export {
  LISTENER_DEFAULTS,
  type ResolvedAction,
  type ResolvedListener,
  type ResolvedRule,
} from "./lattice-service-listeners";
export * from "./lattice-service-resolve";
export {
  type ResolvedTarget,
  type ResolvedTargetGroup,
  TARGET_GROUP_DEFAULTS,
} from "./lattice-service-target-groups";
export * from "./service-network";
export * from "./validation";
