export * from "./lifecycle";
export * from "./registry-settings";
export * from "./repository";
export * from "./repository-policy";
