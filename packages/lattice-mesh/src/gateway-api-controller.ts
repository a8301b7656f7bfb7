import { join } from "node:path";
import {
  checkTags,
  componentTags,
  isPlain,
  mergePlainTags,
  mergeTags,
  type PolicyStatement,
  policyDocument,
  type Tags,
  type ValidationIssue,
  Validator,
  validateWhenKnown,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { checkShape } from "./shapes";
import { AUTONAME_SUFFIX_LENGTH, type KeysOf, unknownKeys } from "./validation";

/** Helm chart of the AWS Gateway API Controller for VPC Lattice (OCI, public ECR). */
export const GATEWAY_API_CONTROLLER_CHART =
  "oci://public.ecr.aws/aws-application-networking-k8s/aws-gateway-controller-chart";
/**
 * Chart version installed unless `chartVersion` says otherwise: the newest release when this was
 * written (upstream tag v2.1.3, commit e3fb86ea0573aa299458b9b022c59a364584b6e8, `helm/Chart.yaml`
 * version and appVersion v2.1.3). Values and IAM policy are read from that tag. Pin the one you tested.
 */
export const GATEWAY_API_CONTROLLER_VERSION = "v2.1.3";
/**
 * Gateway API release whose standard-channel CRDs are installed with the controller: v2.1.3 builds
 * against `sigs.k8s.io/gateway-api v1.5.0` (its `go.mod`); v1.5.1 is that line's patch release. Its
 * chart ships only the controller's own CRDs (TLSRoute was dropped from the chart in v2.0.0, #836).
 */
export const GATEWAY_API_VERSION = "v1.5.1";
/**
 * The vendored standard-channel install manifest of {@link GATEWAY_API_VERSION}: every
 * `config/crd/standard/gateway*.yaml` of kubernetes-sigs/gateway-api at tag v1.5.1 (commit
 * e7677b70ae75d14a4448fba94870e7deea6cf0ad), joined as the release's `hack/build-install-yaml.sh`
 * builds `standard-install.yaml`: 8 CRDs and the `safe-upgrades` ValidatingAdmissionPolicy.
 */
export const GATEWAY_API_CRDS_FILE = join(
  __dirname,
  "..",
  "upstream",
  `gateway-api-${GATEWAY_API_VERSION}-standard-install.yaml`,
);
/** The `GatewayClass` controller name of Lattice: gateways of class `amazon-vpc-lattice` map to service networks. */
export const LATTICE_GATEWAY_CLASS = "amazon-vpc-lattice";

/** Arguments of {@link GatewayApiController}. */
export interface GatewayApiControllerArgs {
  /** EKS cluster name (for the Pod Identity association and the controller's `clusterName`). */
  clusterName: pulumi.Input<string>;
  /**
   * ARN of that cluster (e.g. `EksCluster.clusterArn`): the role trusts Pod Identity sessions of this
   * cluster only (`aws:SourceArn`), not of every cluster in the account.
   */
  clusterArn: pulumi.Input<string>;
  /** VPC of the cluster (`clusterVpcId`). */
  vpcId: pulumi.Input<string>;
  /**
   * Install the Helm chart through `kubernetesProvider`. When false, only the IAM role and the Pod
   * Identity association are created (install the chart with GitOps). @default false
   */
  install?: boolean;
  /**
   * Install the Gateway API standard-channel CRDs ({@link GATEWAY_API_VERSION}, vendored in this
   * package) before the chart. Turn off when something else owns them in the cluster.
   * @default the value of `install`
   */
  installGatewayApiCrds?: boolean;
  /** Kubernetes provider of the cluster (e.g. `EksCluster.provider`); required when `install` or `installGatewayApiCrds` is true. @default none */
  kubernetesProvider?: k8s.Provider;
  /** Namespace of the controller. @default "aws-application-networking-system" */
  namespace?: string;
  /** Service account of the controller. @default "gateway-api-controller" */
  serviceAccountName?: string;
  /** Chart version. @default GATEWAY_API_CONTROLLER_VERSION ("v2.1.3") */
  chartVersion?: string;
  /**
   * Name of a service network the controller associates the cluster VPC with and adds every
   * exported route to (`defaultServiceNetwork`). @default none (Gateways name their networks)
   */
  defaultServiceNetwork?: pulumi.Input<string>;
  /** Tags for the IAM role and the association. @default {} */
  tags?: Tags;
}

/**
 * The controller's IAM permissions: exactly upstream's
 * `files/controller-installation/recommended-inline-policy.json` at tag v2.1.3 (commit
 * e3fb86ea0573aa299458b9b022c59a364584b6e8; a copy is in `upstream/` and a test compares them),
 * with the partition of the deployment in place of `aws`. It creates and deletes Lattice services,
 * target groups and associations for any HTTPRoute, so it needs `vpc-lattice:*`; v2 adds
 * `acm:ListCertificates` (certificate discovery); the service-linked roles it may create are named.
 */
export function gatewayApiControllerStatements(partition: pulumi.Input<string>): PolicyStatement[] {
  return [
    {
      actions: [
        "vpc-lattice:*",
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeTags",
        "ec2:DescribeSecurityGroups",
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:DescribeLogGroups",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "tag:GetResources",
        "firehose:TagDeliveryStream",
        "s3:GetBucketPolicy",
        "s3:PutBucketPolicy",
        "tag:TagResources",
        "tag:UntagResources",
        "acm:ListCertificates",
      ],
      resources: ["*"],
    },
    {
      actions: ["iam:CreateServiceLinkedRole"],
      resources: [
        pulumi.interpolate`arn:${partition}:iam::*:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice`,
      ],
      conditions: [
        { test: "StringLike", variable: "iam:AWSServiceName", values: ["vpc-lattice.amazonaws.com"] },
      ],
    },
    {
      actions: ["iam:CreateServiceLinkedRole"],
      resources: [
        pulumi.interpolate`arn:${partition}:iam::*:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery`,
      ],
      conditions: [
        { test: "StringLike", variable: "iam:AWSServiceName", values: ["delivery.logs.amazonaws.com"] },
      ],
    },
  ];
}

/** What `clusterArn` must be: an EKS cluster ARN (`arn:<partition>:eks:<region>:<account>:cluster/<name>`). */
const EKS_CLUSTER = { service: "eks", resourceType: "cluster" } as const;
const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const ARGS_KEYS: KeysOf<GatewayApiControllerArgs> = {
  clusterName: true,
  clusterArn: true,
  vpcId: true,
  install: true,
  installGatewayApiCrds: true,
  kubernetesProvider: true,
  namespace: true,
  serviceAccountName: true,
  chartVersion: true,
  defaultServiceNetwork: true,
  tags: true,
};

/**
 * The AWS Gateway API Controller for VPC Lattice on an EKS cluster: it turns Kubernetes
 * `Gateway`s (class `amazon-vpc-lattice`) into service network associations and `HTTPRoute`s into
 * Lattice services whose IP target groups hold the pods. Resources, in order: an IAM role trusted
 * by EKS Pod Identity of this cluster only, with the controller's inline policy; the Pod Identity
 * association for the controller's service account; when `installGatewayApiCrds` is true, the
 * Gateway API CRDs; and, when `install` is true, the Helm release (after the association and CRDs).
 *
 * Needs the `eks-pod-identity-agent` add-on on the cluster and the Gateway API CRDs (installed here
 * from the vendored {@link GATEWAY_API_VERSION} manifest when `installGatewayApiCrds`); the node
 * security groups must allow inbound traffic from the Lattice prefix lists
 * (`com.amazonaws.<region>.vpc-lattice`, IPv4 and IPv6) on the pods' ports.
 */
export class GatewayApiController extends pulumi.ComponentResource {
  /** ARN of the controller's IAM role. */
  readonly roleArn: pulumi.Output<string>;
  /** Namespace of the controller. */
  readonly namespace: pulumi.Output<string>;
  /** Service account of the controller. */
  readonly serviceAccountName: pulumi.Output<string>;
  /** Name of the Helm release, if installed. */
  readonly releaseName: pulumi.Output<string | undefined>;

  constructor(name: string, args: GatewayApiControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GATEWAY_API_CONTROLLER_TYPE, name, {}, opts);
    // Resolve, then build, in reading order: the IAM role and its Pod Identity association; the
    // Gateway API CRDs; the Helm release.
    const r = resolveGatewayApiControllerArgs(name, args);
    const { role, association, region, accountId } = buildControllerIdentity(this, r);
    const crds = r.installGatewayApiCrds
      ? new k8s.yaml.v2.ConfigFile(
          r.names.crds,
          { file: GATEWAY_API_CRDS_FILE },
          { parent: this, provider: r.args.kubernetesProvider },
        )
      : undefined;
    const release = r.install
      ? buildControllerRelease(this, r, { association, crds, region, accountId })
      : undefined;

    this.roleArn = role.arn;
    this.namespace = pulumi.output(r.namespace);
    this.serviceAccountName = pulumi.output(r.serviceAccountName);
    this.releaseName = release ? release.name : pulumi.output(undefined);
    this.registerOutputs({
      roleArn: this.roleArn,
      namespace: this.namespace,
      serviceAccountName: this.serviceAccountName,
      releaseName: this.releaseName,
    });
  }
}

/** Type token of {@link GatewayApiController}. */
export const GATEWAY_API_CONTROLLER_TYPE = "berth:lattice:GatewayApiController";

/** Defaults of {@link GatewayApiControllerArgs}, in one place (README and TSDoc say the same). */
export const GATEWAY_API_CONTROLLER_DEFAULTS = {
  install: false,
  namespace: "aws-application-networking-system",
  serviceAccountName: "gateway-api-controller",
  chartVersion: GATEWAY_API_CONTROLLER_VERSION,
} as const;

/** The arguments of a {@link GatewayApiController}, checked, with every default filled. */
export interface ResolvedGatewayApiControllerArgs {
  /** The arguments as given (every field checked). */
  args: GatewayApiControllerArgs;
  /** Install the Helm chart. */
  install: boolean;
  /** Install the Gateway API CRDs. */
  installGatewayApiCrds: boolean;
  /** Namespace of the controller. */
  namespace: string;
  /** Service account of the controller. */
  serviceAccountName: string;
  /** Chart version. */
  chartVersion: string;
  /** The cluster ARN (checked once known when it is an Output). */
  clusterArn: pulumi.Input<string>;
  /** The VPC id (checked once known when it is an Output). */
  vpcId: pulumi.Input<string>;
  /** Tags of the role and the association. */
  tags: pulumi.Output<Tags>;
  /** Logical names of the children. */
  names: { role: string; policy: string; podIdentity: string; crds: string; chart: string };
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Checks every argument of a {@link GatewayApiController} (plain values now; a cluster ARN or VPC
 * id known only at deployment once known, with the same checks) and fills every default, without
 * creating anything. Throws one `BerthValidationError` with every issue found.
 */
export function resolveGatewayApiControllerArgs(
  name: string,
  args: GatewayApiControllerArgs,
): ResolvedGatewayApiControllerArgs {
  const component = GATEWAY_API_CONTROLLER_TYPE;
  const v = new Validator(component, name);
  if (!checkShape(v, "", args, { fields: { tags: "object" } })) v.throwIfAny();
  const given = (args ?? {}) as GatewayApiControllerArgs;
  v.merge(unknownKeys("", given, ARGS_KEYS));
  v.check(given.clusterName !== undefined, "clusterName", undefined, "the EKS cluster name");
  v.check(
    given.clusterArn !== undefined,
    "clusterArn",
    undefined,
    "the EKS cluster ARN (e.g. EksCluster.clusterArn)",
  );
  v.check(given.vpcId !== undefined, "vpcId", undefined, "the VPC id of the cluster");
  if (typeof given.clusterArn === "string") v.merge(checkClusterArn(given.clusterArn));
  if (typeof given.vpcId === "string") checkVpcId(v, given.vpcId);
  const d = GATEWAY_API_CONTROLLER_DEFAULTS;
  const install = given.install ?? d.install;
  const installGatewayApiCrds = given.installGatewayApiCrds ?? install;
  v.check(
    !(install || installGatewayApiCrds) || given.kubernetesProvider !== undefined,
    "kubernetesProvider",
    undefined,
    "a Kubernetes provider of the cluster when install or installGatewayApiCrds is true",
  );
  const namespace = given.namespace ?? d.namespace;
  const serviceAccountName = given.serviceAccountName ?? d.serviceAccountName;
  const k8sName = "a Kubernetes name (lowercase, 1 to 63 characters)";
  v.check(DNS_1123_LABEL.test(namespace), "namespace", namespace, k8sName);
  v.check(DNS_1123_LABEL.test(serviceAccountName), "serviceAccountName", serviceAccountName, k8sName);
  const names = {
    role: `${name}-role`,
    policy: `${name}-policy`,
    podIdentity: `${name}-pod-identity`,
    crds: `${name}-gateway-api-crds`,
    chart: `${name}-chart`,
  };
  // The role's auto-name "<name>-role-<7 hex>" must be an IAM role name: 1 to 64 characters of
  // letters, digits and +=,.@_- (IAM API reference, CreateRole.RoleName).
  v.check(
    /^[\w+=,.@-]+$/.test(names.role) && names.role.length + AUTONAME_SUFFIX_LENGTH <= 64,
    "name",
    name,
    `a component name whose role auto-name "${names.role}-<7 hex>" is at most 64 characters of letters, digits and +=,.@_-`,
  );
  const chartVersion = given.chartVersion ?? d.chartVersion;
  v.check(
    /^v?\d+\.\d+\.\d+$/.test(chartVersion),
    "chartVersion",
    chartVersion,
    'a chart version such as "v2.1.3"',
  );
  v.merge(checkTags(mergePlainTags(componentTags(component, name), given.tags)));
  v.throwIfAny();

  // An ARN or id known only at deployment (e.g. EksCluster.clusterArn) is checked once known.
  const clusterArn = isPlain(given.clusterArn)
    ? given.clusterArn
    : validateWhenKnown(component, name, given.clusterArn, (arn, check) => {
        check.merge(checkClusterArn(arn));
      });
  // Only the chart reads the VPC id: a value known only at deployment is checked there, once known.
  const vpcId =
    isPlain(given.vpcId) || !install
      ? given.vpcId
      : validateWhenKnown(component, name, given.vpcId, (id, check) => {
          checkVpcId(check, id);
        });
  return {
    args: given,
    install,
    installGatewayApiCrds,
    namespace,
    serviceAccountName,
    chartVersion,
    clusterArn,
    vpcId,
    tags: mergeTags(componentTags(component, name), given.tags),
    names,
  };
}

function checkVpcId(v: Validator, id: string): void {
  v.check(VPC_ID.test(id), "vpcId", id, "a VPC id (vpc- and 8 or 17 hex digits)");
}

/**
 * The controller's IAM role, trusted by EKS Pod Identity sessions of this cluster only, its inline
 * policy, and the Pod Identity association for its service account.
 */
function buildControllerIdentity(scope: pulumi.ComponentResource, r: ResolvedGatewayApiControllerArgs) {
  const partition = aws.getPartitionOutput({}, { parent: scope }).partition;
  const region = aws.getRegionOutput({}, { parent: scope }).region;
  const accountId = aws.getCallerIdentityOutput({}, { parent: scope }).accountId;
  const role = new aws.iam.Role(
    r.names.role,
    {
      description: "AWS Gateway API Controller for VPC Lattice (EKS Pod Identity)",
      assumeRolePolicy: policyDocument(
        [
          {
            actions: ["sts:AssumeRole", "sts:TagSession"],
            principals: { service: ["pods.eks.amazonaws.com"] },
            // Only Pod Identity sessions of this cluster (as PodIdentityRole does).
            conditions: [
              { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
              { test: "ArnEquals", variable: "aws:SourceArn", values: [r.clusterArn] },
            ],
          },
        ],
        { kind: "trust" },
      ),
      tags: r.tags,
    },
    { parent: scope },
  );
  new aws.iam.RolePolicy(
    r.names.policy,
    { role: role.name, policy: policyDocument(gatewayApiControllerStatements(partition)) },
    { parent: scope },
  );
  const association = new aws.eks.PodIdentityAssociation(
    r.names.podIdentity,
    {
      clusterName: r.args.clusterName,
      namespace: r.namespace,
      serviceAccount: r.serviceAccountName,
      roleArn: role.arn,
      tags: r.tags,
    },
    { parent: scope },
  );
  return { role, association, region, accountId };
}

/** The controller's Helm release, after its credentials (the association) and the CRDs exist. */
function buildControllerRelease(
  scope: pulumi.ComponentResource,
  r: ResolvedGatewayApiControllerArgs,
  after: {
    association: aws.eks.PodIdentityAssociation;
    crds: k8s.yaml.v2.ConfigFile | undefined;
    region: pulumi.Output<string>;
    accountId: pulumi.Output<string>;
  },
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    r.names.chart,
    {
      chart: GATEWAY_API_CONTROLLER_CHART,
      version: r.chartVersion,
      namespace: r.namespace,
      createNamespace: true,
      values: {
        serviceAccount: { create: true, name: r.serviceAccountName },
        awsRegion: after.region,
        awsAccountId: after.accountId,
        clusterName: r.args.clusterName,
        clusterVpcId: r.vpcId,
        ...(r.args.defaultServiceNetwork !== undefined
          ? { defaultServiceNetwork: r.args.defaultServiceNetwork }
          : {}),
      },
    },
    // The controller calls AWS at start-up: its credentials (the association) must exist first;
    // it watches Gateway API kinds, whose CRDs must exist before it starts.
    {
      parent: scope,
      provider: r.args.kubernetesProvider,
      dependsOn: after.crds ? [after.association, after.crds] : [after.association],
    },
  );
}

function checkClusterArn(arn: string): ValidationIssue[] {
  const v = new Validator(GATEWAY_API_CONTROLLER_TYPE, "");
  v.arn("clusterArn", arn, EKS_CLUSTER);
  return [...v.issues];
}
