import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { authPolicyDocument, authRules } from "./auth-policy";
import type { ResolvedAction } from "./lattice-service-listeners";
import type { ResolvedLatticeServiceArgs } from "./lattice-service-resolve";

/** The Lattice service itself. */
export function buildService(
  scope: pulumi.ComponentResource,
  r: ResolvedLatticeServiceArgs,
): aws.vpclattice.Service {
  const { args } = r;
  return new aws.vpclattice.Service(
    r.names.service,
    {
      ...(args.serviceName ? { name: args.serviceName } : {}),
      authType: r.authType,
      ...(args.customDomainName !== undefined ? { customDomainName: args.customDomainName } : {}),
      ...(r.certificateArn !== undefined ? { certificateArn: r.certificateArn } : {}),
      tags: r.tags,
    },
    { parent: scope },
  );
}

/**
 * The target groups and the targets this component registers; a Lambda target first gets the
 * permission that lets Lattice invoke it. Returns the target groups by key.
 */
export function buildTargetGroups(
  scope: pulumi.ComponentResource,
  r: ResolvedLatticeServiceArgs,
): Record<string, aws.vpclattice.TargetGroup> {
  const groups: Record<string, aws.vpclattice.TargetGroup> = {};
  for (const tg of r.targetGroups) {
    const group = new aws.vpclattice.TargetGroup(
      tg.logicalName,
      {
        ...(tg.targetGroupName ? { name: tg.targetGroupName } : {}),
        type: tg.type,
        config: tg.config,
        tags: r.tags,
      },
      { parent: scope },
    );
    groups[tg.key] = group;
    for (const t of tg.targets) {
      // Lattice invokes the function as vpc-lattice.amazonaws.com, only for this target group.
      const permission = tg.invokePermissionName
        ? new aws.lambda.Permission(
            tg.invokePermissionName,
            {
              action: "lambda:InvokeFunction",
              function: t.id,
              principal: "vpc-lattice.amazonaws.com",
              sourceArn: group.arn,
            },
            { parent: scope },
          )
        : undefined;
      const aliases = t.formerName === t.logicalName ? [] : [{ name: t.formerName }];
      new aws.vpclattice.TargetGroupAttachment(
        t.logicalName,
        {
          targetGroupIdentifier: group.id,
          target: { id: t.id, ...(t.port !== undefined ? { port: t.port } : {}) },
        },
        // The function must allow Lattice before the registration's first invoke.
        permission ? { parent: scope, aliases, dependsOn: [permission] } : { parent: scope, aliases },
      );
    }
  }
  return groups;
}

/** The listeners and their rules, each keyed by its name. Returns the listener ARNs by name. */
export function buildListeners(
  scope: pulumi.ComponentResource,
  r: ResolvedLatticeServiceArgs,
  service: aws.vpclattice.Service,
  groups: Record<string, aws.vpclattice.TargetGroup>,
): Record<string, pulumi.Output<string>> {
  const weighted = (forward: Record<string, number> | undefined) =>
    Object.entries(forward ?? {}).map(([key, weight]) => ({
      targetGroupIdentifier: (groups[key] as aws.vpclattice.TargetGroup).id,
      weight,
    }));
  const fixed = (a: ResolvedAction) =>
    a.fixedResponseStatus !== undefined
      ? { fixedResponse: { statusCode: a.fixedResponseStatus } }
      : undefined;
  const listenerArns: Record<string, pulumi.Output<string>> = {};
  for (const l of r.listeners) {
    const listener = new aws.vpclattice.Listener(
      l.logicalName,
      {
        serviceIdentifier: service.id,
        name: l.name,
        protocol: l.protocol,
        port: l.port,
        defaultAction: fixed(l) ?? { forwards: [{ targetGroups: weighted(l.forward) }] },
        tags: r.tags,
      },
      { parent: scope },
    );
    listenerArns[l.name] = listener.arn;
    for (const rule of l.rules) {
      new aws.vpclattice.ListenerRule(
        rule.logicalName,
        {
          serviceIdentifier: service.id,
          listenerIdentifier: listener.listenerId,
          name: rule.name,
          priority: rule.priority,
          match: { httpMatch: rule.httpMatch },
          action: fixed(rule) ?? { forward: { targetGroups: weighted(rule.forward) } },
          tags: r.tags,
        },
        { parent: scope },
      );
    }
  }
  return listenerArns;
}

/**
 * The service auth policy (service-level: the resource is the service ARN, paths appended), when
 * IAM auth is on. Returns the rendered policy.
 */
export function buildServiceAuthPolicy(
  scope: pulumi.ComponentResource,
  r: ResolvedLatticeServiceArgs,
  service: aws.vpclattice.Service,
): pulumi.Output<string> | undefined {
  if (r.names.authPolicy === undefined) return undefined;
  const policy = authPolicyDocument(authRules(scope, r.authRules), service.arn);
  new aws.vpclattice.AuthPolicy(
    r.names.authPolicy,
    { resourceIdentifier: service.arn, policy },
    { parent: scope },
  );
  return policy;
}

/** One association per `serviceNetworks` key (aliased from its former position in the old list). */
export function buildServiceNetworkAssociations(
  scope: pulumi.ComponentResource,
  r: ResolvedLatticeServiceArgs,
  service: aws.vpclattice.Service,
): void {
  for (const n of r.serviceNetworks) {
    new aws.vpclattice.ServiceNetworkServiceAssociation(
      n.logicalName,
      { serviceIdentifier: service.id, serviceNetworkIdentifier: n.identifier, tags: r.tags },
      { parent: scope, aliases: n.formerName === n.logicalName ? [] : [{ name: n.formerName }] },
    );
  }
}
