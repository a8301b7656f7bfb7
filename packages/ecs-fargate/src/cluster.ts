import {
  checkTags,
  componentTags,
  isPlain,
  isPlainObject,
  LOG_RETENTION_DAYS,
  mergeTags,
  TAG_LIMITS,
  Validator,
} from "@berth/core";
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  type CapacityProviderStrategyItem,
  checkCapacityStrategy,
  fargateCapacityStrategy,
} from "./capacity";
import {
  associateCapacityProviders,
  buildAssociation,
  buildCluster,
  buildExecLogs,
  EXEC_KMS_KEY,
} from "./cluster-build";
import { checkChildNames } from "./task";

/**
 * An ECS cluster name: up to 255 letters, numbers, hyphens and underscores (ECS API reference,
 * CreateCluster `clusterName`). Components write it into `/etc/ecs/ecs.config` and IAM ARNs, so
 * nothing else (a newline would add agent settings) may pass.
 */
export const ECS_CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Checks a cluster name given as a plain value or, inside `apply`, once an `Output` is known. */
export function checkClusterName(v: Validator, path: string, value: unknown): boolean {
  return v.check(
    typeof value === "string" && ECS_CLUSTER_NAME.test(value),
    path,
    value,
    "1 to 255 letters, digits, hyphens and underscores",
  );
}

/**
 * A capacity provider name a capacity creates: up to 255 letters, numbers, underscores and hyphens,
 * not starting with `aws`, `ecs` or `fargate` (ECS API reference, CreateCapacityProvider `name`).
 */
export const CAPACITY_PROVIDER_NAME = /^(?!(aws|ecs|fargate))[A-Za-z0-9_-]{1,255}$/i;

/** The two Fargate capacity providers every cluster can associate. */
export const FARGATE_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;

/**
 * Container Insights of a cluster (ECS API Reference, ClusterSetting: `containerInsights` takes
 * `enhanced`, `enabled` or `disabled`).
 */
export const ContainerInsights = {
  /** Per-task and per-container metrics, and the service-level ones. */
  Enhanced: "enhanced",
  /** Cluster- and service-level metrics. */
  Enabled: "enabled",
  /** No Container Insights (a QueueWorker's scale-from-zero alarm then has no running-task metric). */
  Disabled: "disabled",
} as const;
/** A value of {@link ContainerInsights}. */
export type ContainerInsights = (typeof ContainerInsights)[keyof typeof ContainerInsights];

/** Arguments of {@link Cluster}. */
export interface ClusterArgs {
  /** Container Insights: `enhanced` (per-task and per-container metrics), `enabled` or `disabled`. @default "enhanced" */
  containerInsights?: ContainerInsights;
  /**
   * EC2 or Managed Instances capacity (`SpotCapacity`, `ManagedInstancesCapacity`) joins this
   * cluster. Such capacity needs the cluster first, so the cluster's one capacity provider
   * association is then made by a {@link ClusterCapacityProviders} created after the capacity
   * (which keeps FARGATE and FARGATE_SPOT too), and this cluster makes none. @default false
   */
  ec2Capacity?: boolean;
  /** Days to keep ECS Exec session logs. @default 90 */
  execLogRetentionDays?: number;
  /** KMS key that encrypts ECS Exec sessions and their log group. @default none */
  execKmsKeyArn?: pulumi.Input<string>;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** The type token of {@link Cluster}. */
export const CLUSTER_TYPE = "berth:ecs:Cluster";

/** Every argument of {@link ClusterArgs}, for the unknown-property check. */
export const CLUSTER_KEYS = [
  "containerInsights",
  "ec2Capacity",
  "execLogRetentionDays",
  "execKmsKeyArn",
  "tags",
] as const satisfies readonly (keyof ClusterArgs)[];
// Compile-time: the list names every argument.
const _everyClusterKey: Exclude<keyof ClusterArgs, (typeof CLUSTER_KEYS)[number]> extends never
  ? true
  : never = true;
void _everyClusterKey;

/** The names of the children a {@link Cluster} creates. */
export interface ClusterNames {
  /** The ECS Exec log group resource, and its AWS name. */
  execLogs: string;
  execLogGroupName: string;
  /** The cluster. */
  cluster: string;
  /** The Fargate capacity provider association; none with `ec2Capacity`. */
  capacity?: string;
}

/** The arguments of a {@link Cluster}, checked, with every default filled. */
export interface ResolvedClusterArgs {
  /** The arguments as given (every field checked). */
  args: ClusterArgs;
  containerInsights: ContainerInsights;
  ec2Capacity: boolean;
  execLogRetentionDays: number;
  names: ClusterNames;
}

/**
 * Checks every argument of a {@link Cluster} (plain values now; `execKmsKeyArn` again once known,
 * by the builder) and fills its defaults, without creating anything. Throws one
 * `BerthValidationError` with every issue found.
 */
export function resolveClusterArgs(name: string, args: ClusterArgs = {}): ResolvedClusterArgs {
  const v = new Validator(CLUSTER_TYPE, name);
  if (!isPlainObject(args)) {
    v.check(false, "args", args, "an object of ClusterArgs (every argument is optional)");
    v.throwIfAny();
  }
  // `defaultSpot` was removed: ECS applies a cluster's default capacity provider strategy only to
  // services and tasks that send none (ECS API reference, CreateService capacityProviderStrategy),
  // and every Berth service sends its own. Omitting it instead would place Fargate services on
  // whatever a cluster defaults to, e.g. an EC2 capacity provider. Refused, not silently ignored.
  const { defaultSpot, ...rest } = args as ClusterArgs & { defaultSpot?: unknown };
  if (defaultSpot !== undefined)
    v.check(
      false,
      "defaultSpot",
      defaultSpot,
      "no such property (removed)",
      "set spot on each FargateService, QueueWorker, ScheduledTask or EventTask: Berth services send their own capacity provider strategy",
    );
  v.knownKeys("", rest, CLUSTER_KEYS);
  const ec2Capacity = args.ec2Capacity ?? false;
  const names: ClusterNames = {
    execLogs: `${name}-exec-logs`,
    execLogGroupName: `/ecs/exec/${pulumi.getProject()}-${pulumi.getStack()}-${name}`,
    cluster: `${name}-cluster`,
    ...(ec2Capacity === true ? {} : { capacity: `${name}-capacity` }),
  };
  // The component name is in the cluster's AWS name: letters, digits, hyphens, underscores, and
  // `<name>-cluster` plus Pulumi's 8-character suffix within 255 (ECS CreateCluster).
  v.check(/^[A-Za-z0-9_-]+$/.test(name), "name", name, "letters, digits, hyphens and underscores");
  checkChildNames(v, name, [[names.cluster.slice(name.length), 255]]);
  v.arn("execKmsKeyArn", args.execKmsKeyArn, EXEC_KMS_KEY);
  const containerInsights = args.containerInsights ?? ContainerInsights.Enhanced;
  v.oneOf("containerInsights", containerInsights, Object.values(ContainerInsights));
  const execLogRetentionDays = args.execLogRetentionDays ?? 90;
  v.oneOf("execLogRetentionDays", execLogRetentionDays, LOG_RETENTION_DAYS);
  v.check(typeof ec2Capacity === "boolean", "ec2Capacity", ec2Capacity, "true or false");
  v.merge(checkTags(args.tags));
  v.check(
    Object.keys({ ...componentTags(CLUSTER_TYPE, name), ...args.tags }).length <= TAG_LIMITS.maxTags,
    "tags",
    `${Object.keys(args.tags ?? {}).length} tags`,
    `at most ${TAG_LIMITS.maxTags} tags with berth:component and berth:name`,
  );
  v.throwIfAny();
  return { args, containerInsights, ec2Capacity, execLogRetentionDays, names };
}

/**
 * An ECS cluster: Container Insights on, ECS Exec sessions logged to their own log group, and (for
 * a Fargate-only cluster) FARGATE/FARGATE_SPOT capacity providers with a default strategy. With
 * `ec2Capacity`, a {@link ClusterCapacityProviders} owns the provider list instead.
 */
export class Cluster extends pulumi.ComponentResource {
  /** Cluster ARN. */
  readonly arn: pulumi.Output<string>;
  /** Cluster name. */
  readonly name: pulumi.Output<string>;
  /** Log group of ECS Exec sessions. */
  readonly execLogGroupName: pulumi.Output<string>;
  /** ARN of that log group: give it to services as `execLogGroupArn` so their task roles may write sessions. */
  readonly execLogGroupArn: pulumi.Output<string>;
  /** KMS key of ECS Exec sessions, if any: give it to services as `execKmsKeyArn`. */
  readonly execKmsKeyArn: pulumi.Output<string | undefined>;
  /** The cluster resource. */
  readonly cluster: aws.ecs.Cluster;
  /** The Fargate capacity provider association; none with `ec2Capacity`. */
  readonly capacityProviders?: aws.ecs.ClusterCapacityProviders;

  constructor(name: string, args: ClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(CLUSTER_TYPE, name, {}, opts);
    const r = resolveClusterArgs(name, args);
    const tags = mergeTags(componentTags(CLUSTER_TYPE, name), args.tags);
    // Builders in order: the exec log group, the cluster, its Fargate capacity providers.
    const exec = buildExecLogs(this, name, r, tags);
    this.cluster = buildCluster(this, r, exec, tags);
    // One ClusterCapacityProviders owns a cluster's whole provider list; two would overwrite each
    // other on every `up`. With EC2 capacity, the ClusterCapacityProviders component owns it.
    if (r.names.capacity !== undefined) {
      this.capacityProviders = associateCapacityProviders(
        r.names.capacity,
        this.cluster.name,
        [...FARGATE_PROVIDERS],
        // For RunTask calls outside Berth that give no strategy: on demand Fargate.
        fargateCapacityStrategy(),
        this,
      );
    }
    this.arn = this.cluster.arn;
    this.name = this.cluster.name;
    this.execLogGroupName = exec.logGroup.name;
    this.execLogGroupArn = exec.logGroup.arn;
    this.execKmsKeyArn = pulumi.output(exec.kmsKeyArn);
    this.registerOutputs({
      arn: this.arn,
      name: this.name,
      execLogGroupName: this.execLogGroupName,
      execLogGroupArn: this.execLogGroupArn,
      execKmsKeyArn: this.execKmsKeyArn,
    });
  }
}

/** One item of a cluster's default capacity provider strategy; the name may be an `Output`. */
export interface DefaultStrategyItem {
  /** Provider name: `FARGATE`, `FARGATE_SPOT` or e.g. `SpotCapacity.capacityProviderName`. */
  capacityProvider: pulumi.Input<string>;
  /** Tasks placed on this provider before weights apply; at most one item may have a base. @default 0 */
  base?: number;
  /** Relative share of the tasks after the base. @default 1 */
  weight?: number;
}

/** Arguments of {@link ClusterCapacityProviders}. */
export interface ClusterCapacityProvidersArgs {
  /** Name of the cluster, e.g. `Cluster.name` of a cluster created with `ec2Capacity: true`. */
  clusterName: pulumi.Input<string>;
  /** Keep FARGATE and FARGATE_SPOT associated (Fargate services on the same cluster). @default true */
  fargate?: boolean;
  /**
   * Every EC2 and Managed Instances provider of the cluster, e.g. `spot.capacityProviderName` of a
   * `SpotCapacity` and of a `ManagedInstancesCapacity`. @default []
   */
  capacityProviders?: pulumi.Input<string>[];
  /**
   * Default strategy for services and tasks that give none: providers of this association, Fargate
   * and EC2 providers not mixed (ECS rejects such a strategy).
   * @default the first of `capacityProviders` with weight 1; without any, `FARGATE` with weight 1
   */
  defaultStrategy?: DefaultStrategyItem[];
  /**
   * Aliases of the association resource, to take over an association an earlier owner created
   * without deleting it (a delete writes an empty provider list to the cluster: terraform-provider-aws
   * `internal/service/ecs/cluster_capacity_providers.go`, `resourceClusterCapacityProvidersDelete`
   * calls PutClusterCapacityProviders with empty lists), as the URNs it had: the Fargate-only
   * `Cluster`'s `pulumi.createUrn("<cluster>-capacity", "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", cluster)`,
   * or a capacity's old `<capacity>-attachment`. URNs, not `pulumi.Alias` objects, so that Pulumi's
   * component analyzer can read the argument. @default []
   */
  associationAliases?: pulumi.Input<string>[];
}

/** The type token of {@link ClusterCapacityProviders}. */
export const ASSOCIATION_TYPE = "berth:ecs:ClusterCapacityProviders";

/** The arguments of a {@link ClusterCapacityProviders}, checked, with every default filled. */
export interface ResolvedClusterCapacityProvidersArgs {
  /** The arguments as given (every field checked). */
  args: ClusterCapacityProvidersArgs;
  fargate: boolean;
  /** The EC2 and Managed Instances providers (each checked again once known). */
  capacityProviders: pulumi.Input<string>[];
  /** The default strategy, every item with its base and weight filled. */
  defaultStrategy: Array<Required<DefaultStrategyItem>>;
  associationAliases: pulumi.Input<string>[];
  /** The association resource, `<name>-capacity`. */
  names: { association: string };
}

/**
 * Checks every argument of a {@link ClusterCapacityProviders} (plain values now; names known later
 * are checked again when known, by the builder) and fills its defaults, without creating
 * anything. Throws one `BerthValidationError` with every issue found.
 */
export function resolveClusterCapacityProvidersArgs(
  name: string,
  args: ClusterCapacityProvidersArgs,
): ResolvedClusterCapacityProvidersArgs {
  const v = new Validator(ASSOCIATION_TYPE, name);
  checkClusterCapacityProvidersArgs(args, v);
  v.throwIfAny();
  const capacityProviders = args.capacityProviders ?? [];
  return {
    args,
    fargate: args.fargate ?? true,
    capacityProviders,
    defaultStrategy: (args.defaultStrategy ?? defaultStrategyFor(capacityProviders)).map((s) => ({
      capacityProvider: s.capacityProvider,
      base: s.base ?? 0,
      weight: s.weight ?? 1,
    })),
    associationAliases: args.associationAliases ?? [],
    names: { association: `${name}-capacity` },
  };
}

/**
 * The one capacity provider association of a cluster that has EC2 or Managed Instances capacity:
 * FARGATE and FARGATE_SPOT (unless `fargate: false`), every EC2 and Managed Instances provider,
 * and the default strategy, in a single `aws.ecs.ClusterCapacityProviders` (which owns the
 * cluster's whole list; several would overwrite each other on every `up`).
 *
 * Create it after the capacities. Services on an EC2 provider take their capacity through
 * {@link ClusterCapacityProviders.attached}, so `pulumi destroy` deletes them before the
 * association, and the association before the providers.
 */
export class ClusterCapacityProviders extends pulumi.ComponentResource {
  /** Every associated provider name; resolves only after the association exists. */
  readonly capacityProviderNames: pulumi.Output<string[]>;
  /** The association resource. */
  readonly association: aws.ecs.ClusterCapacityProviders;

  constructor(name: string, args: ClusterCapacityProvidersArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ASSOCIATION_TYPE, name, {}, opts);
    const r = resolveClusterCapacityProvidersArgs(name, args);
    // One builder: the association, with names known later checked once known.
    const { association, providers } = buildAssociation(this, name, r);
    this.association = association;
    this.capacityProviderNames = pulumi
      .all([pulumi.all(providers), this.association.id])
      .apply(([names]) => names);
    this.registerOutputs({ capacityProviderNames: this.capacityProviderNames });
  }

  /**
   * The capacity with a `capacityProviderName` that resolves only after this association exists:
   * pass it to `Ec2Service` so the service is created after the association and deleted before it
   * ("capacity provider is in use" otherwise).
   */
  attached<T extends { capacityProviderName: pulumi.Input<string> }>(
    capacity: T,
  ): Omit<T, "capacityProviderName"> & { capacityProviderName: pulumi.Output<string> } {
    return {
      ...capacity,
      capacityProviderName: pulumi
        .all([pulumi.output(capacity.capacityProviderName), this.association.id])
        .apply(([providerName]) => providerName),
    };
  }
}

/** The default strategy when none is given: the first EC2 provider, else FARGATE on demand. */
function defaultStrategyFor(ec2: readonly pulumi.Input<string>[]): DefaultStrategyItem[] {
  const first = ec2[0];
  return first !== undefined
    ? [{ capacityProvider: first, base: 0, weight: 1 }]
    : [{ capacityProvider: "FARGATE", base: 0, weight: 1 }];
}

/** Checks a provider name a capacity created (never FARGATE or FARGATE_SPOT: those come from `fargate`). */
export function checkCapacityProviderName(v: Validator, path: string, value: unknown): boolean {
  return v.check(
    typeof value === "string" && CAPACITY_PROVIDER_NAME.test(value),
    path,
    value,
    'a capacity provider name: 1 to 255 letters, digits, hyphens and underscores, not starting with "aws", "ecs" or "fargate" (FARGATE and FARGATE_SPOT come with `fargate: true`)',
  );
}

/** Every plan-time check of {@link ClusterCapacityProvidersArgs}; issues are added to `v`. */
export function checkClusterCapacityProvidersArgs(args: ClusterCapacityProvidersArgs, v: Validator): void {
  if (!isPlainObject(args)) {
    v.check(false, "args", args, "an object of ClusterCapacityProvidersArgs (clusterName)");
    return;
  }
  v.knownKeys("", args, [
    "clusterName",
    "fargate",
    "capacityProviders",
    "defaultStrategy",
    "associationAliases",
  ]);
  if (v.required("clusterName", args.clusterName, "the cluster's name") && isPlain(args.clusterName)) {
    checkClusterName(v, "clusterName", args.clusterName);
  }
  const fargate = args.fargate ?? true;
  v.check(typeof fargate === "boolean", "fargate", fargate, "true or false");
  const ec2 = args.capacityProviders ?? [];
  v.check(Array.isArray(ec2), "capacityProviders", ec2, "a list of capacity provider names");
  if (!Array.isArray(ec2)) return;
  ec2.forEach((p, i) => {
    if (isPlain(p)) checkCapacityProviderName(v, `capacityProviders[${i}]`, p);
  });
  if (!fargate && ec2.length === 0) {
    v.check(false, "capacityProviders", ec2, "at least one provider when fargate is false");
  }
  const given = args.defaultStrategy ?? defaultStrategyFor(ec2);
  if (
    !v.check(Array.isArray(given), "defaultStrategy", given, "a list of { capacityProvider, base, weight }")
  )
    return;
  let itemsOk = true;
  given.forEach((item, i) => {
    if (v.check(isPlainObject(item), `defaultStrategy[${i}]`, item, "{ capacityProvider, base, weight }")) {
      itemsOk = v.knownKeys(`defaultStrategy[${i}]`, item, ["capacityProvider", "base", "weight"]) && itemsOk;
      itemsOk =
        v.required(
          `defaultStrategy[${i}].capacityProvider`,
          item.capacityProvider,
          "a provider of this association",
        ) && itemsOk;
    } else {
      itemsOk = false;
    }
  });
  if (!itemsOk) return;
  // Names that are Outputs stand in as EC2 providers; FARGATE and FARGATE_SPOT are plain.
  const named: CapacityProviderStrategyItem[] = given.map((s, i) => ({
    capacityProvider: typeof s.capacityProvider === "string" ? s.capacityProvider : `<provider ${i}>`,
    base: s.base ?? 0,
    weight: s.weight ?? 1,
  }));
  v.merge(checkCapacityStrategy(named, "defaultStrategy"));
  const isFargate = (n: string) => (FARGATE_PROVIDERS as readonly string[]).includes(n);
  const fargateItems = named.filter((n) => isFargate(n.capacityProvider));
  if (fargateItems.length > 0 && fargateItems.length < named.length) {
    v.check(
      false,
      "defaultStrategy",
      named.map((n) => n.capacityProvider).join(", "),
      "either only Fargate providers (FARGATE, FARGATE_SPOT) or only EC2 providers, not both",
    );
  }
  if (!fargate && fargateItems.length > 0) {
    v.check(
      false,
      "defaultStrategy",
      fargateItems.map((n) => n.capacityProvider).join(", "),
      "no FARGATE or FARGATE_SPOT when fargate is false",
    );
  }
}
