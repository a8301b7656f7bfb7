/**
 * EventBridge Scheduler schedules (`aws.scheduler.Schedule`): failed invocations kept, retries
 * decided, and a role that can do exactly what the target needs.
 */
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import { attachedTo } from "./iam";
import { conditionKeys, statements, trustedPrincipals } from "./util";

export const schedulerDlq: ResourceValidationPolicy = {
  name: "scheduler-dlq",
  description:
    "EventBridge Scheduler schedules should have a dead-letter queue, so invocations that fail after every retry are kept.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set `target.deadLetterConfig.arn` to an SQS queue the schedule's role may `sqs:SendMessage` to (Berth's `ScheduledTask` creates one).",
  validateResource: validateResourceOfType(aws.scheduler.Schedule, (schedule, _args, report) => {
    if (!schedule.target?.deadLetterConfig?.arn)
      report("target.deadLetterConfig is unset (failed invocations are dropped)");
  }),
};

export const schedulerRetryPolicy: ResourceValidationPolicy = {
  name: "scheduler-retry-policy",
  description:
    "EventBridge Scheduler schedules should set their retry policy: without one, Scheduler retries for up to 24 hours and 185 times (Scheduler user guide, 'Configuring a retry policy'; the API maxima of RetryPolicy), which can start a job long after it was due.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set `target.retryPolicy: { maximumRetryAttempts, maximumEventAgeInSeconds }` to what the job tolerates (e.g. 3 attempts within an hour).",
  validateResource: validateResourceOfType(aws.scheduler.Schedule, (schedule, _args, report) => {
    const r = schedule.target?.retryPolicy;
    if (!r) {
      report("target.retryPolicy is unset (default: 185 attempts over 24 hours)");
      return;
    }
    if (r.maximumRetryAttempts === undefined)
      report("target.retryPolicy.maximumRetryAttempts is unset (185)");
    if (r.maximumEventAgeInSeconds === undefined)
      report("target.retryPolicy.maximumEventAgeInSeconds is unset (86400)");
  }),
};

export const schedulerRoleScoped: StackValidationPolicy = {
  name: "scheduler-role-scoped",
  description:
    'The role of an EventBridge Scheduler schedule must be trusted by scheduler.amazonaws.com for this account only and allow exact actions on exact resources, no wildcard actions, no Resource "*" and no AWS managed policies.',
  severity: "high",
  remediationSteps:
    "Trust `scheduler.amazonaws.com` with an `aws:SourceAccount` (or `aws:SourceArn`) condition and grant only the target's actions on its ARNs (e.g. `ecs:RunTask` on the task definition family, `iam:PassRole` on its roles, `sqs:SendMessage` on the DLQ).",
  validateStack: (args, report) => {
    const roles = args.resources.filter((r) => r.isType(aws.iam.Role));
    for (const schedule of args.resources.filter((r) => r.isType(aws.scheduler.Schedule))) {
      const target = (schedule.props["target"] ?? {}) as { roleArn?: unknown };
      const role = roles.find(
        (r) =>
          (schedule.propertyDependencies["target"] ?? []).some((d) => d.urn === r.urn) ||
          (typeof target.roleArn === "string" && target.roleArn === r.props["arn"]),
      );
      if (!role) continue; // a role from outside the stack: checked where it is defined
      const where = `schedule "${schedule.name}": role "${role.name}"`;
      const trust = statements(role.props["assumeRolePolicy"]).filter(
        (s) =>
          s.effect === "Allow" &&
          trustedPrincipals({ Statement: [{ Effect: "Allow", Principal: s.principal }] }).services.includes(
            "scheduler.amazonaws.com",
          ),
      );
      if (trust.length === 0) report(`${where} is not trusted by scheduler.amazonaws.com`, schedule.urn);
      for (const s of trust) {
        const keys = conditionKeys(s.condition);
        if (!keys.includes("aws:sourceaccount") && !keys.includes("aws:sourcearn"))
          report(
            `${where} trusts scheduler.amazonaws.com without aws:SourceAccount or aws:SourceArn`,
            schedule.urn,
          );
      }
      for (const a of attachedTo(role, args.resources)) {
        if (a.managedArn)
          report(`${where} has a managed policy (${a.managedArn}), not scoped to the target`, schedule.urn);
        for (const s of statements(a.doc)) {
          if (s.effect !== "Allow") continue;
          const wild = s.actions.filter((x) => x === "*" || x.endsWith(":*"));
          if (wild.length) report(`${where}: ${a.source} allows ${wild.join(", ")}`, schedule.urn);
          if (s.notActions.length || s.notResources.length)
            report(`${where}: ${a.source} uses NotAction or NotResource`, schedule.urn);
          if (s.resources.includes("*"))
            report(`${where}: ${a.source} allows ${s.actions.join(", ")} on Resource "*"`, schedule.urn);
        }
      }
    }
  },
};

export const schedulerPolicies = [schedulerDlq, schedulerRetryPolicy, schedulerRoleScoped];
