import { allow, type PolicyCondition, type PolicyStatement } from "@berth/core";
import * as pulumi from "@pulumi/pulumi";

/**
 * The permissions of the AWS Load Balancer Controller (v2.14), as typed statements: what the
 * controller calls to discover subnets and certificates, and to manage only the load balancers,
 * target groups and security groups it tagged itself (`elbv2.k8s.aws/cluster`,
 * `ingress.k8s.aws/cluster`, `service.k8s.aws/cluster`). Read-only calls cannot be scoped by
 * resource in IAM and use `*`; every write is conditioned on the controller's own tags.
 */
export function loadBalancerControllerStatements(partition: pulumi.Input<string>): PolicyStatement[] {
  const resourceTagged = (key: string): PolicyCondition => ({
    test: "Null",
    variable: `aws:ResourceTag/${key}`,
    values: ["false"],
  });
  const requestUntagged = (key: string): PolicyCondition => ({
    test: "Null",
    variable: `aws:RequestTag/${key}`,
    values: ["true"],
  });
  const elb = (resource: string) => pulumi.interpolate`arn:${partition}:elasticloadbalancing:*:*:${resource}`;
  const ec2 = (resource: string) => pulumi.interpolate`arn:${partition}:ec2:*:*:${resource}`;
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
    {
      sid: "CreateElbServiceLinkedRole",
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      conditions: [
        {
          test: "StringEquals",
          variable: "iam:AWSServiceName",
          values: ["elasticloadbalancing.amazonaws.com"],
        },
      ],
    },
    {
      sid: "Discover",
      effect: "Allow",
      actions: [
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
        "ec2:DescribeRouteTables",
        "ec2:DescribeIpamPools",
        "ec2:GetCoipPoolUsage",
        "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:DescribeSSLPolicies",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores",
        "elasticloadbalancing:DescribeCapacityReservation",
        "cognito-idp:DescribeUserPoolClient",
        "acm:ListCertificates",
        "acm:DescribeCertificate",
        "iam:ListServerCertificates",
        "iam:GetServerCertificate",
        "waf-regional:GetWebACL",
        "waf-regional:GetWebACLForResource",
        "wafv2:GetWebACL",
        "wafv2:GetWebACLForResource",
        "shield:GetSubscriptionState",
        "shield:DescribeProtection",
      ],
      resources: ["*"],
    },
    {
      sid: "AttachFirewalls",
      effect: "Allow",
      actions: [
        "waf-regional:AssociateWebACL",
        "waf-regional:DisassociateWebACL",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "shield:CreateProtection",
        "shield:DeleteProtection",
        "elasticloadbalancing:SetWebAcl",
      ],
      resources: ["*"],
    },
    allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], ["*"]),
    allow(["ec2:CreateSecurityGroup"], ["*"]),
    allow(
      ["ec2:CreateTags"],
      [ec2("security-group/*")],
      [
        { test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] },
        { test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] },
      ],
    ),
    allow(
      ["ec2:CreateTags", "ec2:DeleteTags"],
      [ec2("security-group/*")],
      [requestUntagged("elbv2.k8s.aws/cluster"), resourceTagged("elbv2.k8s.aws/cluster")],
    ),
    allow(
      ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      ["*"],
      [resourceTagged("elbv2.k8s.aws/cluster")],
    ),
    allow(
      ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      ["*"],
      [{ test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] }],
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
      [requestUntagged("elbv2.k8s.aws/cluster"), resourceTagged("elbv2.k8s.aws/cluster")],
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
    allow(elbModify, ["*"], [resourceTagged("elbv2.k8s.aws/cluster")]),
    allow(
      ["elasticloadbalancing:AddTags"],
      [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")],
      [
        {
          test: "StringEquals",
          variable: "elasticloadbalancing:CreateAction",
          values: ["CreateTargetGroup", "CreateLoadBalancer"],
        },
        { test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] },
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
