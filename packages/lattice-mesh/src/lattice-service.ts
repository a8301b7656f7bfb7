import * as pulumi from "@pulumi/pulumi";
import { buildAccessLogs } from "./access-logs";
import type { LatticeServiceArgs } from "./lattice-service-args";
import {
  buildListeners,
  buildService,
  buildServiceAuthPolicy,
  buildServiceNetworkAssociations,
  buildTargetGroups,
} from "./lattice-service-build";
import {
  LATTICE_SERVICE_FORMER_TYPE,
  LATTICE_SERVICE_TYPE,
  resolveLatticeServiceArgs,
} from "./lattice-service-resolve";

/**
 * A VPC Lattice service: target groups (IP, INSTANCE, ALB, LAMBDA) with health checks and
 * registered targets, listeners with weighted forwarding and rules matching path, method and
 * headers, an auth policy, access logs and its associations with service networks. Resources, in
 * order: the service; target groups, their targets (and, for Lambda, the invoke permission);
 * listeners and their rules; the auth policy; the log group and access log subscription; the
 * service network associations.
 */
export class LatticeService extends pulumi.ComponentResource {
  /** Service id (`svc-...`). */
  readonly serviceId: pulumi.Output<string>;
  /** Service ARN (the resource of auth policies). */
  readonly serviceArn: pulumi.Output<string>;
  /** Physical name. */
  readonly serviceName: pulumi.Output<string>;
  /** The Lattice-generated DNS name clients call (or the custom domain's target). */
  readonly dnsName: pulumi.Output<string>;
  /** Target group ARNs by key, e.g. for `FargateService.latticeTargets` (see `ecsLatticeTarget`). */
  readonly targetGroupArns: Record<string, pulumi.Output<string>>;
  /** Listener ARNs by listener name. */
  readonly listenerArns: Record<string, pulumi.Output<string>>;
  /** The rendered service auth policy (JSON), if IAM auth is on. */
  readonly authPolicy: pulumi.Output<string | undefined>;
  /** Name of the created log group, if one was created. */
  readonly logGroupName: pulumi.Output<string | undefined>;

  constructor(name: string, args: LatticeServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    // Named berth:lattice:Service before 0.2: the alias keeps existing stacks in place.
    super(
      LATTICE_SERVICE_TYPE,
      name,
      {},
      pulumi.mergeOptions(opts, { aliases: [{ type: LATTICE_SERVICE_FORMER_TYPE }] }),
    );
    // Resolve, then build, in reading order: the service; target groups and their targets;
    // listeners and rules; the auth policy; access logs; the service network associations.
    const r = resolveLatticeServiceArgs(name, args);
    const service = buildService(this, r);
    const groups = buildTargetGroups(this, r);
    const listenerArns = buildListeners(this, r, service, groups);
    const policy = buildServiceAuthPolicy(this, r, service);
    const logs = r.accessLogs ? buildAccessLogs(this, r.accessLogs, service.arn, r.tags) : undefined;
    buildServiceNetworkAssociations(this, r, service);

    this.serviceId = service.id;
    this.serviceArn = service.arn;
    this.serviceName = service.name;
    this.dnsName = service.dnsEntries.apply((d) => d[0]?.domainName ?? "");
    this.targetGroupArns = Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, g.arn]));
    this.listenerArns = listenerArns;
    this.authPolicy = policy ?? pulumi.output(undefined);
    this.logGroupName = logs?.logGroup ? logs.logGroup.name : pulumi.output(undefined);
    this.registerOutputs({
      serviceId: this.serviceId,
      serviceArn: this.serviceArn,
      serviceName: this.serviceName,
      dnsName: this.dnsName,
      targetGroupArns: this.targetGroupArns,
      listenerArns: this.listenerArns,
      authPolicy: this.authPolicy,
      logGroupName: this.logGroupName,
    });
  }
}
