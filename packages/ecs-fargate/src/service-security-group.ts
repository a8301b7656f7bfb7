import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedIngressRule } from "./fargate-service-ingress";
import type { ResolvedFargateServiceArgs } from "./fargate-service-resolve";

/** The tasks' security group `${name}-sg`, with egress anywhere (`${name}-egress`) and no ingress yet. */
export function buildTaskSecurityGroup(
  scope: pulumi.Resource,
  r: ResolvedFargateServiceArgs,
  vpcId: pulumi.Input<string>,
  tags: pulumi.Input<Record<string, string>>,
): aws.ec2.SecurityGroup {
  const sg = new aws.ec2.SecurityGroup(
    r.names.securityGroup,
    {
      vpcId,
      description: `Tasks of ${r.name}; ingress only from its load balancer or named sources`,
      tags,
    },
    { parent: scope },
  );
  new aws.vpc.SecurityGroupEgressRule(
    r.names.egress,
    {
      securityGroupId: sg.id,
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      description: "Image pulls, AWS APIs and dependencies",
    },
    { parent: scope },
  );
  return sg;
}

/**
 * The ingress rules of a security group, each named by its source and port, with the former
 * (list position) names as aliases so an existing stack keeps its rules.
 */
export function buildIngressRules(
  scope: pulumi.Resource,
  securityGroupId: pulumi.Input<string>,
  rules: readonly ResolvedIngressRule[],
  createdAlbSecurityGroupId?: pulumi.Input<string>,
): aws.vpc.SecurityGroupIngressRule[] {
  return rules.map((rule) => {
    const source =
      rule.cidr !== undefined
        ? rule.cidr.includes(":")
          ? { cidrIpv6: rule.cidr }
          : { cidrIpv4: rule.cidr }
        : {
            referencedSecurityGroupId: rule.fromCreatedAlb ? createdAlbSecurityGroupId : rule.securityGroupId,
          };
    return new aws.vpc.SecurityGroupIngressRule(
      rule.name,
      {
        securityGroupId,
        ipProtocol: rule.protocol,
        fromPort: rule.port,
        toPort: rule.port,
        description: rule.description,
        ...source,
      },
      { parent: scope, ...(rule.aliases.length ? { aliases: rule.aliases.map((n) => ({ name: n })) } : {}) },
    );
  });
}
