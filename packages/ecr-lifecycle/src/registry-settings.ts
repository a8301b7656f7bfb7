import * as pulumi from "@pulumi/pulumi";
import { REGISTRY_SETTINGS_TYPE, type RegistrySettingsArgs, type ScanType } from "./registry-settings-args";
import {
  buildCreationTemplates,
  buildPullThroughCache,
  buildRegistryPolicy,
  buildReplication,
  buildScanning,
} from "./registry-settings-builders";
import { resolveRegistrySettingsArgs } from "./resolve-registry-settings";

/**
 * Registry-wide ECR settings.
 *
 * **An account-and-region singleton.** The private registry exists once per account and region,
 * and so do its scanning configuration, replication configuration and registry policy; pull-through
 * cache rules and creation templates are unique per prefix in it. Declare `RegistrySettings` in
 * exactly one stack per account and region (Berth's `stacks/account` layer), never in a
 * per-environment stack: two environments sharing an account would overwrite each other's scanning
 * and replication on every deploy, and the second stack's pull-through cache rule fails because the
 * prefix already exists.
 *
 * Creates: `aws.ecr.RegistryScanningConfiguration` (`<name>-scanning`, always),
 * `aws.ecr.ReplicationConfiguration` (`<name>-replication`, with replication rules),
 * `aws.ecr.PullThroughCacheRule` (`<name>-ptc-<prefix>`, one per rule) with its
 * `aws.ecr.RepositoryCreationTemplate` (`<name>-ptc-<prefix>-template`, `PULL_THROUGH_CACHE`,
 * unless `creationTemplates` has one for that prefix), `aws.ecr.RepositoryCreationTemplate`
 * (`<name>-template-<prefix>`, one per template; aliased from `<name>-template-<i>`) and `aws.ecr.RegistryPolicy` (`<name>-policy`, with
 * `replicationSourceAccountIds` or `pullThroughCachePrincipalArns`).
 */
export class RegistrySettings extends pulumi.ComponentResource {
  /** The registry (account) id. */
  readonly registryId: pulumi.Output<string>;
  /** The scan type set. */
  readonly scanType: ScanType;
  /** Pull-through cache prefixes created, by upstream. */
  readonly pullThroughCachePrefixes: Record<string, string>;

  constructor(name: string, args: RegistrySettingsArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(REGISTRY_SETTINGS_TYPE, name, {}, opts);
    // Every argument checked and defaulted first; then the builders, in order: buildScanning,
    // buildReplication, buildPullThroughCache, buildCreationTemplates, buildRegistryPolicy.
    const resolved = resolveRegistrySettingsArgs(name, args);
    const scanning = buildScanning(this, resolved);
    buildReplication(this, resolved);
    buildPullThroughCache(this, resolved);
    buildCreationTemplates(this, resolved);
    buildRegistryPolicy(this, resolved);

    this.registryId = scanning.registryId;
    this.scanType = resolved.scanType;
    this.pullThroughCachePrefixes = Object.fromEntries(
      resolved.pullThroughCache.map((c) => [c.upstream, c.prefix]),
    );
    this.registerOutputs({
      registryId: this.registryId,
      scanType: this.scanType,
      pullThroughCachePrefixes: this.pullThroughCachePrefixes,
    });
  }
}
