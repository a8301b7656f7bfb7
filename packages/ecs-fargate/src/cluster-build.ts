import { Validator, validateWhenKnown } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ASSOCIATION_TYPE,
  CLUSTER_TYPE,
  checkCapacityProviderName,
  checkClusterName,
  FARGATE_PROVIDERS,
  type ResolvedClusterArgs,
  type ResolvedClusterCapacityProvidersArgs,
} from "./cluster";

type Tags = pulumi.Input<Record<string, pulumi.Input<string>>>;

/** What the ECS Exec sessions of a cluster may be encrypted with: a KMS key or alias ARN. */
export const EXEC_KMS_KEY = { service: "kms", resourceType: ["key", "alias"] } as const;

/**
 * The log group of ECS Exec sessions (`${name}-exec-logs`, `/ecs/exec/<project>-<stack>-<name>`),
 * encrypted with `execKmsKeyArn` when given (checked again once known).
 */
export function buildExecLogs(
  scope: pulumi.ComponentResource,
  name: string,
  r: ResolvedClusterArgs,
  tags: Tags,
): { logGroup: aws.cloudwatch.LogGroup; kmsKeyArn: pulumi.Output<string> | undefined } {
  const kmsKeyArn =
    r.args.execKmsKeyArn === undefined
      ? undefined
      : validateWhenKnown(CLUSTER_TYPE, name, r.args.execKmsKeyArn, (x, kv) => {
          kv.arn("execKmsKeyArn", x, EXEC_KMS_KEY);
        });
  const logGroup = new aws.cloudwatch.LogGroup(
    r.names.execLogs,
    { name: r.names.execLogGroupName, retentionInDays: r.execLogRetentionDays, kmsKeyId: kmsKeyArn, tags },
    { parent: scope },
  );
  return { logGroup, kmsKeyArn };
}

/** The cluster `${name}-cluster`: Container Insights, and ECS Exec sessions logged to their group. */
export function buildCluster(
  scope: pulumi.ComponentResource,
  r: ResolvedClusterArgs,
  exec: { logGroup: aws.cloudwatch.LogGroup; kmsKeyArn: pulumi.Output<string> | undefined },
  tags: Tags,
): aws.ecs.Cluster {
  return new aws.ecs.Cluster(
    r.names.cluster,
    {
      settings: [{ name: "containerInsights", value: r.containerInsights }],
      configuration: {
        executeCommandConfiguration: {
          logging: "OVERRIDE",
          ...(exec.kmsKeyArn !== undefined ? { kmsKeyId: exec.kmsKeyArn } : {}),
          logConfiguration: {
            cloudWatchLogGroupName: exec.logGroup.name,
            cloudWatchEncryptionEnabled: r.args.execKmsKeyArn !== undefined,
          },
        },
      },
      tags,
    },
    { parent: scope },
  );
}

/**
 * The single `aws.ecs.ClusterCapacityProviders` of a cluster, `childName` (`<name>-capacity`). Its
 * `capacityProviders` input names each provider, so the association is deleted before them.
 */
export function associateCapacityProviders(
  childName: string,
  clusterName: pulumi.Input<string>,
  providers: pulumi.Input<string>[],
  strategy: pulumi.Input<
    pulumi.Input<aws.types.input.ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategy>[]
  >,
  parent: pulumi.Resource,
  aliases: pulumi.Input<pulumi.URN | pulumi.Alias>[] = [],
): aws.ecs.ClusterCapacityProviders {
  return new aws.ecs.ClusterCapacityProviders(
    childName,
    { clusterName, capacityProviders: providers, defaultCapacityProviderStrategies: strategy },
    { parent, ...(aliases.length > 0 ? { aliases } : {}) },
  );
}

/**
 * The association of a {@link ClusterCapacityProviders}: FARGATE and FARGATE_SPOT (unless
 * `fargate: false`), every EC2 provider and the default strategy. Provider and cluster names that
 * are Outputs get the same checks once known; strategy names are checked against the association.
 */
export function buildAssociation(
  scope: pulumi.ComponentResource,
  name: string,
  r: ResolvedClusterCapacityProvidersArgs,
): { association: aws.ecs.ClusterCapacityProviders; providers: pulumi.Input<string>[] } {
  const ec2 = r.capacityProviders.map((provider, i) =>
    validateWhenKnown(ASSOCIATION_TYPE, name, provider, (value, pv) => {
      checkCapacityProviderName(pv, `capacityProviders[${i}]`, value);
    }),
  );
  const clusterName = validateWhenKnown(ASSOCIATION_TYPE, name, r.args.clusterName, (value, cv) => {
    checkClusterName(cv, "clusterName", value);
  });
  const providers: pulumi.Input<string>[] = [...(r.fargate ? FARGATE_PROVIDERS : []), ...ec2];
  const strategy = pulumi
    .all([pulumi.all(providers), pulumi.all(r.defaultStrategy.map((s) => s.capacityProvider))])
    .apply(([names, chosen]) => {
      const sv = new Validator(ASSOCIATION_TYPE, name);
      chosen.forEach((c, i) => {
        sv.check(
          names.includes(c),
          `defaultStrategy[${i}].capacityProvider`,
          c,
          `a provider of this association (${names.join(", ")})`,
        );
      });
      sv.throwIfAny();
      return r.defaultStrategy.map((item, i) => ({ ...item, capacityProvider: chosen[i] as string }));
    });
  const association = associateCapacityProviders(
    r.names.association,
    clusterName,
    providers,
    strategy,
    scope,
    r.associationAliases,
  );
  return { association, providers };
}
