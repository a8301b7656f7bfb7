import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { EPHEMERAL_PORT_FROM, EPHEMERAL_PORT_TO } from "./ports";

/** What {@link buildSecurityGroup} needs. */
export interface SecurityGroupSpec {
  /** Child names: the group, its egress rule, one ingress rule per load balancer key. */
  names: { securityGroup: string; egress: string; fromLoadBalancer?: Record<string, string> };
  vpcId: pulumi.Input<string>;
  /** The group's description (EC2 allows `a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*`). */
  description: string;
  /** The egress rule's description. */
  egressDescription: string;
  /** Load balancer security groups let in on the ephemeral port range, by key. */
  loadBalancers?: Record<string, pulumi.Input<string>>;
  /** The name each ingress rule had in an earlier version, by key (given to it as an alias). */
  previousRuleNames?: Record<string, string>;
  tags: Record<string, string>;
}

/**
 * A security group of instances or tasks: all egress; no ingress but the ephemeral port range from
 * each load balancer given (services add what else they need). The ingress rules are named by the
 * caller's key, and answer to `previousRuleNames` (`aliases`).
 */
export function buildSecurityGroup(scope: pulumi.Resource, spec: SecurityGroupSpec): aws.ec2.SecurityGroup {
  const securityGroup = new aws.ec2.SecurityGroup(
    spec.names.securityGroup,
    {
      vpcId: spec.vpcId,
      description: spec.description,
      tags: { ...spec.tags, Name: spec.names.securityGroup },
    },
    { parent: scope },
  );
  new aws.vpc.SecurityGroupEgressRule(
    spec.names.egress,
    {
      securityGroupId: securityGroup.id,
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      description: spec.egressDescription,
    },
    { parent: scope },
  );
  const ruleNames = spec.names.fromLoadBalancer ?? {};
  for (const [key, lbGroup] of Object.entries(spec.loadBalancers ?? {})) {
    const ruleName = ruleNames[key] as string;
    const oldName = spec.previousRuleNames?.[key];
    new aws.vpc.SecurityGroupIngressRule(
      ruleName,
      {
        securityGroupId: securityGroup.id,
        referencedSecurityGroupId: lbGroup,
        ipProtocol: "tcp",
        fromPort: EPHEMERAL_PORT_FROM,
        toPort: EPHEMERAL_PORT_TO,
        description: "Load balancer to the dynamic host ports of bridge-mode tasks",
      },
      {
        parent: scope,
        ...(oldName !== undefined && oldName !== ruleName ? { aliases: [{ name: oldName }] } : {}),
      },
    );
  }
  return securityGroup;
}
