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
import { type AuthRule, authPolicyDocument, checkAuthSettings } from "./auth-policy";
import {
  accessLogGroupPrefix,
  checkAccessLogSettings,
  checkAccessLogs,
  checkName,
  type KeysOf,
  LATTICE_LIMITS,
  unknownKeys,
} from "./validation";

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
}

/** Arguments of {@link ServiceNetwork}. */
export interface ServiceNetworkArgs {
  /**
   * Physical name: 3 to 63 characters of a-z, 0-9 and single hyphens, unique in the account.
   * @default auto-named from the component name (`<name>-network-<7 hex>`)
   */
  serviceNetworkName?: string;
  /** `AWS_IAM` (every request SigV4-signed and checked against the auth policy) or `NONE`. @default "AWS_IAM" */
  authType?: "AWS_IAM" | "NONE";
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
   * AWS RAM principals to share the network with: account ids, an organization ARN or OU ARNs.
   * @default [] (not shared)
   */
  shareWith?: pulumi.Input<string>[];
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
};

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
    super("berth:lattice:ServiceNetwork", name, {}, opts);

    // --- validation ---
    const v = new Validator("berth:lattice:ServiceNetwork", name);
    v.merge(unknownKeys("", args, ARGS_KEYS));
    v.merge(
      checkName(
        args.serviceNetworkName,
        `${name}-network`,
        LATTICE_LIMITS.serviceNetworkName,
        "serviceNetworkName",
        name,
      ),
    );
    const authType = args.authType ?? "AWS_IAM";
    v.merge(
      checkAuthSettings(args, "any client of an associated VPC call every service of the network", false),
    );
    const vpcSeen = new Map<string, number>();
    (args.vpcAssociations ?? []).forEach((a, i) => {
      v.merge(unknownKeys(`vpcAssociations[${i}]`, a, VPC_ASSOCIATION_KEYS));
      v.required(`vpcAssociations[${i}].vpcId`, a.vpcId, "the VPC id");
      if (
        !v.required(`vpcAssociations[${i}].securityGroupIds`, a.securityGroupIds, "1 to 5 security group ids")
      )
        return;
      if (typeof a.vpcId === "string") {
        const first = vpcSeen.get(a.vpcId);
        v.check(
          first === undefined,
          `vpcAssociations[${i}].vpcId`,
          a.vpcId,
          `a VPC not associated already (vpcAssociations[${first}] associates it; a VPC joins one network once)`,
        );
        if (first === undefined) vpcSeen.set(a.vpcId, i);
      }
      const n = a.securityGroupIds.length;
      const max = LATTICE_LIMITS.securityGroupsPerVpcAssociation;
      v.check(
        n >= 1 && n <= max,
        `vpcAssociations[${i}].securityGroupIds`,
        a.securityGroupIds,
        `1 to ${max} security group ids`,
      );
    });
    const logs = args.accessLogs ?? true;
    v.merge(checkAccessLogSettings(name, args));
    (args.shareWith ?? []).forEach((p, i) => {
      if (typeof p === "string") {
        v.check(
          SHARE_PRINCIPAL.test(p),
          `shareWith[${i}]`,
          p,
          "a 12-digit account id, an organization ARN or an OU ARN",
        );
      }
    });
    // At most 50 tags on each resource, counting the berth:* tags merged in.
    v.merge(checkTags(mergePlainTags(componentTags("berth:lattice:ServiceNetwork", name), args.tags)));
    v.throwIfAny();

    // --- defaults ---
    const tags = mergeTags(componentTags("berth:lattice:ServiceNetwork", name), args.tags);
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const rules: AuthRule[] = args.authRules ?? [
      { sid: "SameAccount", principals: { accounts: [accountId] } },
    ];

    // --- the network ---
    const network = new aws.vpclattice.ServiceNetwork(
      `${name}-network`,
      { ...(args.serviceNetworkName ? { name: args.serviceNetworkName } : {}), authType, tags },
      { parent: this },
    );

    // --- auth policy (network-wide: resource "*") ---
    let policy: pulumi.Output<string> | undefined;
    if (authType === "AWS_IAM") {
      policy = authPolicyDocument(rules, "*");
      new aws.vpclattice.AuthPolicy(
        `${name}-auth`,
        { resourceIdentifier: network.arn, policy },
        { parent: this },
      );
    }

    // --- access logs ---
    let logGroup: aws.cloudwatch.LogGroup | undefined;
    let destination: pulumi.Input<string> | undefined;
    if (logs) {
      if (args.accessLogDestinationArn === undefined) {
        logGroup = new aws.cloudwatch.LogGroup(
          `${name}-access-logs`,
          {
            namePrefix: accessLogGroupPrefix(name),
            retentionInDays: args.accessLogRetentionDays ?? 30,
            tags,
          },
          { parent: this },
        );
        destination = logGroup.arn;
      } else {
        // An ARN known only at deployment (another stack's bucket) is checked once known.
        destination = isPlain(args.accessLogDestinationArn)
          ? args.accessLogDestinationArn
          : validateWhenKnown(
              "berth:lattice:ServiceNetwork",
              name,
              args.accessLogDestinationArn,
              (arn, check) => {
                check.merge(
                  checkAccessLogs(arn, undefined, { destination: "accessLogDestinationArn", retention: "" }),
                );
              },
            );
      }
      new aws.vpclattice.AccessLogSubscription(
        `${name}-access-log`,
        { resourceIdentifier: network.arn, destinationArn: destination, tags },
        { parent: this },
      );
    }

    // --- VPC associations ---
    const associations = (args.vpcAssociations ?? []).map(
      (a, i) =>
        new aws.vpclattice.ServiceNetworkVpcAssociation(
          `${name}-vpc-${i}`,
          {
            serviceNetworkIdentifier: network.id,
            vpcIdentifier: a.vpcId,
            securityGroupIds: a.securityGroupIds,
            ...(a.privateDnsEnabled !== undefined ? { privateDnsEnabled: a.privateDnsEnabled } : {}),
            tags,
          },
          { parent: this },
        ),
    );

    // --- RAM sharing ---
    let share: aws.ram.ResourceShare | undefined;
    if ((args.shareWith?.length ?? 0) > 0) {
      const created = new aws.ram.ResourceShare(
        `${name}-share`,
        { allowExternalPrincipals: args.allowExternalPrincipals ?? false, tags },
        { parent: this },
      );
      share = created;
      new aws.ram.ResourceAssociation(
        `${name}-share-network`,
        { resourceArn: network.arn, resourceShareArn: created.arn },
        { parent: this },
      );
      for (const [i, principal] of (args.shareWith ?? []).entries()) {
        new aws.ram.PrincipalAssociation(
          `${name}-share-${i}`,
          { principal, resourceShareArn: created.arn },
          { parent: this },
        );
      }
    }

    // --- outputs ---
    this.serviceNetworkId = network.id;
    this.serviceNetworkArn = network.arn;
    this.serviceNetworkName = network.name;
    this.authType = pulumi.output(authType);
    this.authPolicy = policy ?? pulumi.output(undefined);
    this.logGroupName = logGroup ? logGroup.name : pulumi.output(undefined);
    this.accessLogDestinationArn =
      destination !== undefined ? pulumi.output(destination) : pulumi.output(undefined);
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
