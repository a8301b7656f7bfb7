import { isPlain, type Tags, validateWhenKnown } from "@berth/core";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { accessLogGroupPrefix, checkAccessLogs } from "./validation";

/** Defaults of the access-log arguments a service network and a service share. */
export const ACCESS_LOG_DEFAULTS = {
  /** Access logs on. */
  accessLogs: true,
  /** Days the created log group keeps them. */
  accessLogRetentionDays: 30,
} as const;

/** The access-log arguments a service network and a service share. */
export interface AccessLogArgs {
  accessLogs?: boolean;
  accessLogDestinationArn?: pulumi.Input<string>;
  accessLogRetentionDays?: number;
}

/** Access logs with defaults filled: where they go and what is created for them. */
export interface ResolvedAccessLogs {
  /** Logical name of the `aws.vpclattice.AccessLogSubscription`. */
  subscriptionName: string;
  /** The log group to create (no destination given), or none. */
  logGroup: { logicalName: string; namePrefix: string; retentionInDays: number } | undefined;
  /** The destination given (checked once known when it is an Output), or none. */
  destinationArn: pulumi.Input<string> | undefined;
}

/**
 * Resolves the access logs of component `name` of type `component` (checked already by
 * `checkAccessLogSettings`): `undefined` when they are off.
 */
export function resolveAccessLogs(
  component: string,
  name: string,
  args: AccessLogArgs,
): ResolvedAccessLogs | undefined {
  if (!(args.accessLogs ?? ACCESS_LOG_DEFAULTS.accessLogs)) return undefined;
  const given = args.accessLogDestinationArn;
  return {
    subscriptionName: `${name}-access-log`,
    logGroup:
      given === undefined
        ? {
            logicalName: `${name}-access-logs`,
            namePrefix: accessLogGroupPrefix(name),
            retentionInDays: args.accessLogRetentionDays ?? ACCESS_LOG_DEFAULTS.accessLogRetentionDays,
          }
        : undefined,
    // An ARN known only at deployment (another stack's bucket) is checked once known.
    destinationArn:
      given === undefined || isPlain(given)
        ? given
        : validateWhenKnown(component, name, given, (arn, check) => {
            check.merge(
              checkAccessLogs(arn, undefined, { destination: "accessLogDestinationArn", retention: "" }),
            );
          }),
  };
}

/**
 * Creates the log group (when no destination is given) and the access log subscription of the
 * Lattice resource `resourceArn`. Returns the log group and the destination ARN.
 */
export function buildAccessLogs(
  scope: pulumi.ComponentResource,
  logs: ResolvedAccessLogs,
  resourceArn: pulumi.Input<string>,
  tags: pulumi.Input<Tags>,
): { logGroup: aws.cloudwatch.LogGroup | undefined; destinationArn: pulumi.Input<string> } {
  const logGroup = logs.logGroup
    ? new aws.cloudwatch.LogGroup(
        logs.logGroup.logicalName,
        { namePrefix: logs.logGroup.namePrefix, retentionInDays: logs.logGroup.retentionInDays, tags },
        { parent: scope },
      )
    : undefined;
  const destinationArn = logGroup?.arn ?? logs.destinationArn;
  // resolveAccessLogs sets exactly one of the two.
  if (destinationArn === undefined) throw new Error("access logs resolved without a destination");
  new aws.vpclattice.AccessLogSubscription(
    logs.subscriptionName,
    { resourceIdentifier: resourceArn, destinationArn, tags },
    { parent: scope },
  );
  return { logGroup, destinationArn };
}
