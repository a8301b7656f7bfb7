import {
  componentTags,
  mergeTags,
  type PolicyStatement,
  policyDocument,
  type Tags,
  Validator,
} from "@berth/core";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Helm chart of the AWS Gateway API Controller for VPC Lattice (OCI, public ECR). */
export const GATEWAY_API_CONTROLLER_CHART =
  "oci://public.ecr.aws/aws-application-networking-k8s/aws-gateway-controller-chart";
/**
 * Chart version installed unless `chartVersion` says otherwise: the newest 1.x release seen when this
 * was written (values and IAM policy read from the v1.0.6 chart source). Pin the one you tested.
 */
export const GATEWAY_API_CONTROLLER_VERSION = "v1.1.4";
/** The `GatewayClass` controller name of Lattice: gateways of class `amazon-vpc-lattice` map to service networks. */
export const LATTICE_GATEWAY_CLASS = "amazon-vpc-lattice";

/** Arguments of {@link GatewayApiController}. */
export interface GatewayApiControllerArgs {
  /** EKS cluster name (for the Pod Identity association and the controller's `clusterName`). */
  clusterName: pulumi.Input<string>;
  /** VPC of the cluster (`clusterVpcId`). */
  vpcId: pulumi.Input<string>;
  /**
   * Install the Helm chart through `kubernetesProvider`. When false, only the IAM role and the Pod
   * Identity association are created (install the chart with GitOps). @default false
   */
  install?: boolean;
  /** Kubernetes provider of the cluster (e.g. `EksCluster.provider`); required when `install` is true. @default none */
  kubernetesProvider?: pulumi.ProviderResource;
  /** Namespace of the controller. @default "aws-application-networking-system" */
  namespace?: string;
  /** Service account of the controller. @default "gateway-api-controller" */
  serviceAccountName?: string;
  /** Chart version. @default GATEWAY_API_CONTROLLER_VERSION ("v1.1.4") */
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
 * The controller's IAM permissions, from the project's `recommended-inline-policy.json`: it
 * creates and deletes Lattice services, target groups and associations for any HTTPRoute, so it
 * needs `vpc-lattice:*`; the service-linked roles it may create are named exactly.
 */
export function gatewayApiControllerStatements(partition: pulumi.Input<string>): PolicyStatement[] {
  return [
    {
      sid: "Lattice",
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
        "tag:TagResources",
        "tag:UntagResources",
        "firehose:TagDeliveryStream",
        "s3:GetBucketPolicy",
        "s3:PutBucketPolicy",
      ],
      resources: ["*"],
    },
    {
      sid: "LatticeServiceLinkedRole",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: [
        pulumi.interpolate`arn:${partition}:iam::*:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice`,
      ],
      conditions: [
        { test: "StringLike", variable: "iam:AWSServiceName", values: ["vpc-lattice.amazonaws.com"] },
      ],
    },
    {
      sid: "LogDeliveryServiceLinkedRole",
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

/**
 * The AWS Gateway API Controller for VPC Lattice on an EKS cluster: it turns Kubernetes
 * `Gateway`s (class `amazon-vpc-lattice`) into service network associations and `HTTPRoute`s into
 * Lattice services whose IP target groups hold the pods. Resources, in order: an IAM role trusted
 * by EKS Pod Identity with the controller's inline policy; the Pod Identity association for the
 * controller's service account; and, when `install` is true, the Helm release.
 *
 * Needs the `eks-pod-identity-agent` add-on on the cluster and the Gateway API CRDs; the node
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
    super("berth:lattice:GatewayApiController", name, {}, opts);

    const v = new Validator("berth:lattice:GatewayApiController", name);
    const install = args.install ?? false;
    v.check(
      !install || args.kubernetesProvider !== undefined,
      "kubernetesProvider",
      undefined,
      "a Kubernetes provider of the cluster when install is true",
    );
    const namespace = args.namespace ?? "aws-application-networking-system";
    const serviceAccount = args.serviceAccountName ?? "gateway-api-controller";
    const dns1123 = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
    v.check(
      dns1123.test(namespace),
      "namespace",
      namespace,
      "a Kubernetes name (lowercase, 1 to 63 characters)",
    );
    v.check(
      dns1123.test(serviceAccount),
      "serviceAccountName",
      serviceAccount,
      "a Kubernetes name (lowercase, 1 to 63 characters)",
    );
    const version = args.chartVersion ?? GATEWAY_API_CONTROLLER_VERSION;
    v.check(/^v?\d+\.\d+\.\d+$/.test(version), "chartVersion", version, 'a chart version such as "v1.1.4"');
    v.throwIfAny();

    const tags = mergeTags(componentTags("berth:lattice:GatewayApiController", name), args.tags);
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

    // --- IAM role for EKS Pod Identity ---
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: "AWS Gateway API Controller for VPC Lattice (EKS Pod Identity)",
        assumeRolePolicy: policyDocument(
          [
            {
              actions: ["sts:AssumeRole", "sts:TagSession"],
              principals: { service: ["pods.eks.amazonaws.com"] },
              conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] }],
            },
          ],
          { kind: "trust" },
        ),
        tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: role.name, policy: policyDocument(gatewayApiControllerStatements(partition)) },
      { parent: this },
    );
    const association = new aws.eks.PodIdentityAssociation(
      `${name}-pod-identity`,
      { clusterName: args.clusterName, namespace, serviceAccount, roleArn: role.arn, tags },
      { parent: this },
    );

    // --- Helm release ---
    let release: k8s.helm.v3.Release | undefined;
    if (install) {
      release = new k8s.helm.v3.Release(
        `${name}-chart`,
        {
          chart: GATEWAY_API_CONTROLLER_CHART,
          version,
          namespace,
          createNamespace: true,
          values: {
            serviceAccount: { create: true, name: serviceAccount },
            awsRegion: region,
            awsAccountId: accountId,
            clusterName: args.clusterName,
            clusterVpcId: args.vpcId,
            ...(args.defaultServiceNetwork !== undefined
              ? { defaultServiceNetwork: args.defaultServiceNetwork }
              : {}),
          },
        },
        // The controller calls AWS at start-up: its credentials (the association) must exist first.
        { parent: this, provider: args.kubernetesProvider, dependsOn: [association] },
      );
    }

    this.roleArn = role.arn;
    this.namespace = pulumi.output(namespace);
    this.serviceAccountName = pulumi.output(serviceAccount);
    this.releaseName = release ? release.name : pulumi.output(undefined);
    this.registerOutputs({
      roleArn: this.roleArn,
      namespace: this.namespace,
      serviceAccountName: this.serviceAccountName,
      releaseName: this.releaseName,
    });
  }
}
