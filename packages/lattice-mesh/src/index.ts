export * from "./auth-policy";
export * from "./ecs";
export * from "./gateway-api-controller";
export * from "./lattice-service";
export * from "./service-network";
export * from "./validation";
