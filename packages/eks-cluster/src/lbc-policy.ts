import { allow, type PolicyCondition, type PolicyStatement } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";

/**
 * The Load Balancer Controller Helm chart Berth installs (`aws-load-balancer-controller` from
 * https://aws.github.io/eks-charts). Chart 3.5.0 ships controller v3.5.0 (upstream
 * `helm/aws-load-balancer-controller/Chart.yaml` at tag v3.5.0). Raise it together with
 * {@link loadBalancerControllerStatements} and the test fixture copied from that release.
 */
export const LOAD_BALANCER_CONTROLLER_CHART_VERSION = "3.5.0";

/** The tag the controller puts on everything it creates. */
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** The resource already carries the tag (the controller created it). */
const resourceTagged = (key: string): PolicyCondition => ({
  test: "Null",
  variable: `aws:ResourceTag/${key}`,
  values: ["false"],
});

/** The request does not set the tag (it cannot be moved onto or off a foreign resource). */
const requestUntagged = (key: string): PolicyCondition => ({
  test: "Null",
  variable: `aws:RequestTag/${key}`,
  values: ["true"],
});

/** ARN builders of the partition. */
interface Arns {
  elb: (resource: string) => pulumi.Output<string>;
  ec2: (resource: string) => pulumi.Output<string>;
}

/** Upstream statement 1: the Elastic Load Balancing service-linked role. */
const SERVICE_LINKED_ROLE: PolicyStatement[] = [
  allow(
    ["iam:CreateServiceLinkedRole"],
    ["*"],
    [
      {
        test: "StringEquals",
        variable: "iam:AWSServiceName",
        values: ["elasticloadbalancing.amazonaws.com"],
      },
    ],
  ),
];

/** Upstream statements 2 and 3: reads that IAM cannot scope by resource, and the edge services (ACM, WAF, Shield, Cognito). */
const DISCOVERY: PolicyStatement[] = [
  allow(
    [
      "ec2:DescribeAccountAttributes",
      "ec2:DescribeAddresses",
      "ec2:DescribeAvailabilityZones",
      "ec2:DescribeInternetGateways",
      "ec2:DescribeVpcs",
      "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeSubnets",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeInstances",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeTags",
      "ec2:GetCoipPoolUsage",
      "ec2:DescribeCoipPools",
      "ec2:GetSecurityGroupsForVpc",
      "ec2:DescribeIpamPools",
      "ec2:DescribeRouteTables",
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeListenerCertificates",
      "elasticloadbalancing:DescribeSSLPolicies",
      "elasticloadbalancing:DescribeRules",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:DescribeTags",
      "elasticloadbalancing:DescribeTrustStores",
      "elasticloadbalancing:DescribeListenerAttributes",
      "elasticloadbalancing:DescribeCapacityReservation",
    ],
    ["*"],
  ),
  allow(
    [
      "cognito-idp:DescribeUserPoolClient",
      "acm:ListCertificates",
      "acm:DescribeCertificate",
      "iam:ListServerCertificates",
      "iam:GetServerCertificate",
      "waf-regional:GetWebACL",
      "waf-regional:GetWebACLForResource",
      "waf-regional:AssociateWebACL",
      "waf-regional:DisassociateWebACL",
      "wafv2:GetWebACL",
      "wafv2:GetWebACLForResource",
      "wafv2:AssociateWebACL",
      "wafv2:DisassociateWebACL",
      "shield:GetSubscriptionState",
      "shield:DescribeProtection",
      "shield:CreateProtection",
      "shield:DeleteProtection",
    ],
    ["*"],
  ),
];

/** Upstream statements 4 to 8: security groups, written only when tagged by the controller. */
function securityGroupStatements({ ec2 }: Arns): PolicyStatement[] {
  return [
    allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], ["*"]),
    allow(["ec2:CreateSecurityGroup"], ["*"]),
    allow(
      ["ec2:CreateTags"],
      [ec2("security-group/*")],
      [
        { test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] },
        { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["false"] },
      ],
    ),
    allow(
      ["ec2:CreateTags", "ec2:DeleteTags"],
      [ec2("security-group/*")],
      [requestUntagged(CLUSTER_TAG), resourceTagged(CLUSTER_TAG)],
    ),
    allow(
      ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      ["*"],
      [resourceTagged(CLUSTER_TAG)],
    ),
  ];
}

/** Upstream statements 9 to 12: creating load balancers and target groups, and tagging them. */
function loadBalancerCreateStatements({ elb }: Arns): PolicyStatement[] {
  return [
    allow(
      ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      ["*"],
      [{ test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["false"] }],
    ),
    allow(
      [
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
      ],
      ["*"],
    ),
    allow(
      ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")],
      [requestUntagged(CLUSTER_TAG), resourceTagged(CLUSTER_TAG)],
    ),
    allow(
      ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      [
        elb("listener/net/*/*/*"),
        elb("listener/app/*/*/*"),
        elb("listener-rule/net/*/*/*"),
        elb("listener-rule/app/*/*/*"),
      ],
    ),
  ];
}

/** Upstream statements 13 to 16: changing only what the controller tagged, and registering targets. */
function loadBalancerModifyStatements({ elb }: Arns): PolicyStatement[] {
  const elbModify = [
    "elasticloadbalancing:ModifyLoadBalancerAttributes",
    "elasticloadbalancing:SetIpAddressType",
    "elasticloadbalancing:SetSecurityGroups",
    "elasticloadbalancing:SetSubnets",
    "elasticloadbalancing:DeleteLoadBalancer",
    "elasticloadbalancing:ModifyTargetGroup",
    "elasticloadbalancing:ModifyTargetGroupAttributes",
    "elasticloadbalancing:DeleteTargetGroup",
    "elasticloadbalancing:ModifyListenerAttributes",
    "elasticloadbalancing:ModifyCapacityReservation",
    "elasticloadbalancing:ModifyIpPools",
  ];
  return [
    allow(elbModify, ["*"], [resourceTagged(CLUSTER_TAG)]),
    allow(
      ["elasticloadbalancing:AddTags"],
      [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")],
      [
        {
          test: "StringEquals",
          variable: "elasticloadbalancing:CreateAction",
          values: ["CreateTargetGroup", "CreateLoadBalancer"],
        },
        { test: "Null", variable: `aws:RequestTag/${CLUSTER_TAG}`, values: ["false"] },
      ],
    ),
    allow(
      ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      [elb("targetgroup/*/*")],
    ),
    allow(
      [
        "elasticloadbalancing:SetWebAcl",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
      ],
      ["*"],
    ),
  ];
}

/**
 * The permissions of the AWS Load Balancer Controller v3.5.0, statement for statement those of
 * upstream `docs/install/iam_policy.json` at tag v3.5.0 (kubernetes-sigs/aws-load-balancer-controller
 * commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4), as typed statements in upstream's order: what
 * the controller calls to discover subnets and certificates, and to manage only the load
 * balancers, target groups and security groups it tagged itself (`elbv2.k8s.aws/cluster`).
 * Read-only calls cannot be scoped by resource in IAM and use `*`; every write is conditioned on
 * the controller's own tags.
 */
export function loadBalancerControllerStatements(partition: pulumi.Input<string>): PolicyStatement[] {
  const arns: Arns = {
    elb: (resource) => pulumi.interpolate`arn:${partition}:elasticloadbalancing:*:*:${resource}`,
    ec2: (resource) => pulumi.interpolate`arn:${partition}:ec2:*:*:${resource}`,
  };
  return [
    ...SERVICE_LINKED_ROLE,
    ...DISCOVERY,
    ...securityGroupStatements(arns),
    ...loadBalancerCreateStatements(arns),
    ...loadBalancerModifyStatements(arns),
  ];
}
