export * from "./lifecycle";
export * from "./registry-settings";
export * from "./repository";
export * from "./repository-args";
export * from "./repository-policy";
export * from "./resolve-repository";
export * from "./tag-mutability";
