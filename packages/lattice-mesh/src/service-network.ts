import {
  checkTags,
  componentTags,
  isPlain,
  mergePlainTags,
  mergeTags,
  type Tags,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  ACCESS_LOG_DEFAULTS,
  buildAccessLogs,
  type ResolvedAccessLogs,
  resolveAccessLogs,
} from "./access-logs";
import {
  type AuthRule,
  type AuthType,
  authPolicyDocument,
  authRules,
  checkAuthSettings,
  DEFAULT_AUTH_TYPE,
} from "./auth-policy";
import { checkChildKey, entryKey, type KeyedChild, keyedRecord, type RecordChild } from "./child-names";
import { AUTH_RULES_SHAPE, checkShape, type Shape } from "./shapes";
import { checkAccessLogSettings, checkName, type KeysOf, LATTICE_LIMITS, unknownKeys } from "./validation";

/** A VPC whose clients may call the services of the network. */
export interface VpcAssociation {
  /** VPC id. */
  vpcId: pulumi.Input<string>;
  /**
   * Security groups that decide which clients in the VPC may reach the network (1 to 5). Their
   * inbound rules must allow the clients on the listener ports.
   */
  securityGroupIds: pulumi.Input<string>[];
  /** Create private hosted zones for the services' custom domain names in this VPC. @default false */
  privateDnsEnabled?: pulumi.Input<boolean>;
  /**
   * Names the association (`<name>-vpc-<key>`).
   * @default the vpcId; required when the vpcId is known only at deployment
   */
  key?: string;
}

/** Arguments of {@link ServiceNetwork}. */
export interface ServiceNetworkArgs {
  /**
   * Physical name: 3 to 63 characters of a-z, 0-9 and single hyphens, unique in the account.
   * @default auto-named from the component name (`<name>-network-<7 hex>`)
   */
  serviceNetworkName?: string;
  /** `AWS_IAM` (every request SigV4-signed and checked against the auth policy) or `NONE`. @default "AWS_IAM" */
  authType?: AuthType;
  /** Must be true to accept `authType: "NONE"`: any client of an associated VPC may call every service. @default false */
  allowUnauthenticated?: boolean;
  /**
   * Auth policy rules (see `AuthRule`); the policy applies to every service of the network.
   * @default one rule: principals of this account whose own IAM policies allow `vpc-lattice-svcs:Invoke`
   */
  authRules?: AuthRule[];
  /** VPCs to associate, each with its security groups. A VPC can be associated with one network only. @default [] */
  vpcAssociations?: VpcAssociation[];
  /** Write access logs. @default true */
  accessLogs?: boolean;
  /**
   * Where access logs go: an S3 bucket ARN, a Firehose delivery stream ARN or a log group ARN.
   * @default a CloudWatch Logs log group created here (`/aws/vendedlogs/vpclattice/<name>-<suffix>`)
   */
  accessLogDestinationArn?: pulumi.Input<string>;
  /** Retention of the created log group, in days. @default 30 */
  accessLogRetentionDays?: number;
  /**
   * AWS RAM principals to share the network with (account ids, an organization ARN or OU ARNs),
   * keyed by a name you choose (letters, digits and `-`, starting with a letter), e.g.
   * `{ security: "123456789012" }`. Each key names a principal association (`<name>-share-<key>`).
   * @default {} (not shared)
   */
  shareWith?: Record<string, pulumi.Input<string>>;
  /** Let the share reach accounts outside your organization. @default false */
  allowExternalPrincipals?: boolean;
  /** Tags for every resource, merged over `berth:component` and `berth:name`. @default {} */
  tags?: Tags;
}

const ARGS_KEYS: KeysOf<ServiceNetworkArgs> = {
  serviceNetworkName: true,
  authType: true,
  allowUnauthenticated: true,
  authRules: true,
  vpcAssociations: true,
  accessLogs: true,
  accessLogDestinationArn: true,
  accessLogRetentionDays: true,
  shareWith: true,
  allowExternalPrincipals: true,
  tags: true,
};
const VPC_ASSOCIATION_KEYS: KeysOf<VpcAssociation> = {
  vpcId: true,
  securityGroupIds: true,
  privateDnsEnabled: true,
  key: true,
};

const SHARE_PRINCIPAL_ALLOWED = "a 12-digit account id, an organization ARN or an OU ARN";
const SHARE_PRINCIPAL =
  /^(\d{12}|arn:aws[a-z-]*:organizations::\d{12}:(organization|ou)\/o-[a-z0-9]+(\/ou-[a-z0-9-]+)?)$/;

/**
 * A VPC Lattice service network with IAM auth, VPC associations, access logs, an auth policy
 * and optional AWS RAM sharing. Resources, in order: the network; its auth policy; a log group
 * and an access log subscription; one VPC association per VPC; a RAM share with its resource and
 * principal associations.
 */
export class ServiceNetwork extends pulumi.ComponentResource {
  /** Service network id (`sn-...`); pass it to `LatticeService.serviceNetworks`. */
  readonly serviceNetworkId: pulumi.Output<string>;
  /** Service network ARN; use it across accounts. */
  readonly serviceNetworkArn: pulumi.Output<string>;
  /** Physical name. */
  readonly serviceNetworkName: pulumi.Output<string>;
  /** Auth type in force. */
  readonly authType: pulumi.Output<string>;
  /** The rendered auth policy (JSON), if IAM auth is on. */
  readonly authPolicy: pulumi.Output<string | undefined>;
  /** Name of the created log group, if one was created. */
  readonly logGroupName: pulumi.Output<string | undefined>;
  /** ARN where access logs go, if enabled. */
  readonly accessLogDestinationArn: pulumi.Output<string | undefined>;
  /** VPC association ids, in the order given. */
  readonly vpcAssociationIds: pulumi.Output<string[]>;
  /** ARN of the RAM share, if shared. */
  readonly resourceShareArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: ServiceNetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(SERVICE_NETWORK_TYPE, name, {}, opts);
    // Resolve, then build, in reading order: the network; its auth policy; access logs; the VPC
    // associations; the RAM share.
    const r = resolveServiceNetworkArgs(name, args);
    const network = new aws.vpclattice.ServiceNetwork(
      r.names.network,
      {
        ...(r.args.serviceNetworkName ? { name: r.args.serviceNetworkName } : {}),
        authType: r.authType,
        tags: r.tags,
      },
      { parent: this },
    );
    const policy = buildNetworkAuthPolicy(this, r, network);
    const logs = r.accessLogs ? buildAccessLogs(this, r.accessLogs, network.arn, r.tags) : undefined;
    const associations = buildVpcAssociations(this, r, network);
    const share = buildShare(this, r, network);

    this.serviceNetworkId = network.id;
    this.serviceNetworkArn = network.arn;
    this.serviceNetworkName = network.name;
    this.authType = pulumi.output(r.authType);
    this.authPolicy = policy ?? pulumi.output(undefined);
    this.logGroupName = logs?.logGroup ? logs.logGroup.name : pulumi.output(undefined);
    this.accessLogDestinationArn = logs ? pulumi.output(logs.destinationArn) : pulumi.output(undefined);
    this.vpcAssociationIds = pulumi.all(associations.map((a) => a.id));
    this.resourceShareArn = share ? share.arn : pulumi.output(undefined);
    this.registerOutputs({
      serviceNetworkId: this.serviceNetworkId,
      serviceNetworkArn: this.serviceNetworkArn,
      serviceNetworkName: this.serviceNetworkName,
      authType: this.authType,
      authPolicy: this.authPolicy,
      logGroupName: this.logGroupName,
      accessLogDestinationArn: this.accessLogDestinationArn,
      vpcAssociationIds: this.vpcAssociationIds,
      resourceShareArn: this.resourceShareArn,
    });
  }
}

/** Type token of {@link ServiceNetwork}. */
export const SERVICE_NETWORK_TYPE = "berth:lattice:ServiceNetwork";

/** Defaults of {@link ServiceNetworkArgs}, in one place (README and TSDoc say the same). */
export const SERVICE_NETWORK_DEFAULTS = {
  authType: DEFAULT_AUTH_TYPE,
  allowUnauthenticated: false,
  allowExternalPrincipals: false,
  ...ACCESS_LOG_DEFAULTS,
} as const;

const SERVICE_NETWORK_SHAPE: Shape = {
  fields: {
    authRules: AUTH_RULES_SHAPE,
    vpcAssociations: { array: { fields: { securityGroupIds: "array" } } },
    tags: "object",
  },
};

export type { KeyedChild } from "./child-names";

/** The arguments of a {@link ServiceNetwork}, checked, with every default filled. */
export interface ResolvedServiceNetworkArgs {
  /** The arguments as given (every field checked). */
  args: ServiceNetworkArgs;
  /** `AWS_IAM` or `NONE`. */
  authType: AuthType;
  /** The auth rules, or `"same-account"`: principals of the deploying account (needs its id). */
  authRules: AuthRule[] | "same-account";
  /** Access logs, or `undefined` when off. */
  accessLogs: ResolvedAccessLogs | undefined;
  /** VPC associations, each keyed by its `key` or VPC id. */
  vpcAssociations: KeyedChild<VpcAssociation>[];
  /** The RAM share and its principals (keyed by the caller), or `undefined` when not shared. */
  share:
    | {
        logicalName: string;
        resourceAssociation: string;
        allowExternalPrincipals: boolean;
        /** In key order; a principal known only at deployment is checked once known. */
        principals: RecordChild<pulumi.Input<string>>[];
      }
    | undefined;
  /** Tags of every resource (Berth's merged under the given ones). */
  tags: pulumi.Output<Tags>;
  /** Logical names of the children created once per network. */
  names: { network: string; authPolicy: string | undefined };
}

/**
 * Checks every argument of a {@link ServiceNetwork} (plain values now; an access-log destination
 * known only at deployment once known, with the same check) and fills every default, without
 * creating anything. Throws one `BerthValidationError` with every issue found.
 */
export function resolveServiceNetworkArgs(
  name: string,
  args: ServiceNetworkArgs = {},
): ResolvedServiceNetworkArgs {
  const v = new Validator(SERVICE_NETWORK_TYPE, name);
  if (!checkShape(v, "", args, SERVICE_NETWORK_SHAPE)) v.throwIfAny();
  const authType = args.authType ?? SERVICE_NETWORK_DEFAULTS.authType;
  const names = {
    network: `${name}-network`,
    authPolicy: authType === "AWS_IAM" ? `${name}-auth` : undefined,
  };
  v.merge(unknownKeys("", args, ARGS_KEYS));
  v.merge(
    checkName(
      args.serviceNetworkName,
      names.network,
      LATTICE_LIMITS.serviceNetworkName,
      "serviceNetworkName",
      name,
    ),
  );
  v.merge(
    checkAuthSettings(args, "any client of an associated VPC call every service of the network", false),
  );
  const vpcKeys = checkVpcAssociations(v, args.vpcAssociations ?? []);
  v.merge(checkAccessLogSettings(name, args));
  const principals = checkShareWith(v, name, args.shareWith);
  // At most 50 tags on each resource, counting the berth:* tags merged in.
  v.merge(checkTags(mergePlainTags(componentTags(SERVICE_NETWORK_TYPE, name), args.tags)));
  v.throwIfAny();

  return {
    args,
    authType,
    authRules: args.authRules ?? "same-account",
    accessLogs: resolveAccessLogs(SERVICE_NETWORK_TYPE, name, args),
    vpcAssociations: (args.vpcAssociations ?? []).map((a, i) => ({
      logicalName: `${name}-vpc-${vpcKeys[i]}`,
      formerName: `${name}-vpc-${i}`,
      value: a,
    })),
    share:
      principals.length > 0
        ? {
            logicalName: `${name}-share`,
            resourceAssociation: `${name}-share-network`,
            allowExternalPrincipals:
              args.allowExternalPrincipals ?? SERVICE_NETWORK_DEFAULTS.allowExternalPrincipals,
            principals,
          }
        : undefined,
    tags: mergeTags(componentTags(SERVICE_NETWORK_TYPE, name), args.tags),
    names,
  };
}

/** Checks each VPC association and returns its key: `key`, else the VPC id (one VPC joins once). */
function checkVpcAssociations(v: Validator, associations: readonly VpcAssociation[]): (string | undefined)[] {
  const seen = new Map<string, number>();
  return associations.map((a, i) => {
    const at = `vpcAssociations[${i}]`;
    v.merge(unknownKeys(at, a, VPC_ASSOCIATION_KEYS));
    v.required(`${at}.vpcId`, a.vpcId, "the VPC id");
    if (!v.required(`${at}.securityGroupIds`, a.securityGroupIds, "1 to 5 security group ids"))
      return undefined;
    if (!checkChildKey(v, `${at}.key`, a.key)) return undefined;
    const key = entryKey(a.vpcId, a.key);
    if (key === undefined) {
      if (a.vpcId !== undefined)
        v.add({
          path: `${at}.key`,
          value: undefined,
          allowed: "a key naming the association (required when the vpcId is known only at deployment)",
        });
    } else {
      const first = seen.get(key);
      if (first !== undefined && a.key === undefined)
        v.add({
          path: `${at}.vpcId`,
          value: key,
          allowed: `a VPC not associated already (vpcAssociations[${first}] associates it; a VPC joins one network once)`,
        });
      else if (first !== undefined)
        v.add({
          path: `${at}.key`,
          value: key,
          allowed: `a key unique in vpcAssociations (vpcAssociations[${first}] has it)`,
        });
      if (first === undefined) seen.set(key, i);
    }
    const n = a.securityGroupIds.length;
    const max = LATTICE_LIMITS.securityGroupsPerVpcAssociation;
    v.check(
      n >= 1 && n <= max,
      `${at}.securityGroupIds`,
      a.securityGroupIds,
      `1 to ${max} security group ids`,
    );
    return key;
  });
}

/**
 * `shareWith`: one principal association per key (`<name>-share-<key>`, aliased from its former
 * position `<name>-share-<index>`); a principal known at plan time is checked now and listed once,
 * one known only at deployment is checked once known, with the same check.
 */
function checkShareWith(v: Validator, name: string, shareWith: unknown): RecordChild<pulumi.Input<string>>[] {
  const children = keyedRecord(v, "shareWith", `${name}-share`, shareWith, {
    values: "RAM principals",
    value: SHARE_PRINCIPAL_ALLOWED,
    example: '`shareWith: { security: "123456789012" }`',
    children: "principal associations",
  });
  const seen = new Map<string, string>();
  return children.map((p) => {
    const path = `shareWith.${p.key}`;
    if (!isPlain(p.value)) {
      const value = validateWhenKnown(SERVICE_NETWORK_TYPE, name, p.value, (x, cv) => {
        checkSharePrincipal(cv, path, x);
      });
      return { ...p, value };
    }
    if (checkSharePrincipal(v, path, p.value)) {
      const first = seen.get(p.value);
      v.check(
        first === undefined,
        path,
        p.value,
        `a principal not listed already (shareWith.${first} has it)`,
      );
      if (first === undefined) seen.set(p.value, p.key);
    }
    return p;
  });
}

/** A RAM principal a service network can be shared with. */
function checkSharePrincipal(v: Validator, path: string, principal: unknown): principal is string {
  return v.check(
    typeof principal === "string" && SHARE_PRINCIPAL.test(principal),
    path,
    principal,
    SHARE_PRINCIPAL_ALLOWED,
  );
}

/** The network-wide auth policy (resource `"*"`), when IAM auth is on. Returns the rendered policy. */
function buildNetworkAuthPolicy(
  scope: pulumi.ComponentResource,
  r: ResolvedServiceNetworkArgs,
  network: aws.vpclattice.ServiceNetwork,
): pulumi.Output<string> | undefined {
  if (r.names.authPolicy === undefined) return undefined;
  const policy = authPolicyDocument(authRules(scope, r.authRules), "*");
  new aws.vpclattice.AuthPolicy(
    r.names.authPolicy,
    { resourceIdentifier: network.arn, policy },
    { parent: scope },
  );
  return policy;
}

/** One association per VPC, keyed by VPC (aliased from its former position). */
function buildVpcAssociations(
  scope: pulumi.ComponentResource,
  r: ResolvedServiceNetworkArgs,
  network: aws.vpclattice.ServiceNetwork,
): aws.vpclattice.ServiceNetworkVpcAssociation[] {
  return r.vpcAssociations.map(
    ({ logicalName, formerName, value: a }) =>
      new aws.vpclattice.ServiceNetworkVpcAssociation(
        logicalName,
        {
          serviceNetworkIdentifier: network.id,
          vpcIdentifier: a.vpcId,
          securityGroupIds: a.securityGroupIds,
          ...(a.privateDnsEnabled !== undefined ? { privateDnsEnabled: a.privateDnsEnabled } : {}),
          tags: r.tags,
        },
        { parent: scope, aliases: formerName === logicalName ? [] : [{ name: formerName }] },
      ),
  );
}

/** The RAM share of the network, and one principal association per `shareWith` key. */
function buildShare(
  scope: pulumi.ComponentResource,
  r: ResolvedServiceNetworkArgs,
  network: aws.vpclattice.ServiceNetwork,
): aws.ram.ResourceShare | undefined {
  if (r.share === undefined) return undefined;
  const share = new aws.ram.ResourceShare(
    r.share.logicalName,
    { allowExternalPrincipals: r.share.allowExternalPrincipals, tags: r.tags },
    { parent: scope },
  );
  new aws.ram.ResourceAssociation(
    r.share.resourceAssociation,
    { resourceArn: network.arn, resourceShareArn: share.arn },
    { parent: scope },
  );
  for (const p of r.share.principals) {
    new aws.ram.PrincipalAssociation(
      p.logicalName,
      { principal: p.value, resourceShareArn: share.arn },
      { parent: scope, aliases: p.formerName === p.logicalName ? [] : [{ name: p.formerName }] },
    );
  }
  return share;
}
