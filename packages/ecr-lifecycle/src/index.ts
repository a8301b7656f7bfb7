export * from "./lifecycle";
export * from "./registry-settings";
export * from "./registry-settings-args";
export { PULL_THROUGH_CACHE_ACTIONS, pullThroughCacheStatement } from "./registry-settings-builders";
export * from "./repository";
export * from "./repository-args";
export * from "./repository-policy";
export {
  type ResolvedCreationTemplate,
  type ResolvedPullThroughCacheRule,
  type ResolvedRegistrySettingsArgs,
  resolveRegistrySettingsArgs,
} from "./resolve-registry-settings";
export {
  REPOSITORY_NAME,
  type RepositoryChildNames,
  type ResolvedRepositoryArgs,
  resolveRepositoryArgs,
} from "./resolve-repository";
export * from "./tag-mutability";
