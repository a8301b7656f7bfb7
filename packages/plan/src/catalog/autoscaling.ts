/** EC2 Auto Scaling groups and Application Auto Scaling targets, policies and scheduled actions. */
import { entry, FREE, PRICED, rule, TIMING } from "./define";
import { ianaTimeZone, scheduleExpression, unixCron } from "./documents";
import { arn, intIn, numberIn, oneOf, str } from "./rules";

const APP_FREE = FREE("Application Auto Scaling is free");
const NAMESPACES = [
  "ecs",
  "elasticmapreduce",
  "ec2",
  "appstream",
  "dynamodb",
  "rds",
  "sagemaker",
  "custom-resource",
  "comprehend",
  "lambda",
  "cassandra",
  "kafka",
  "elasticache",
  "neptune",
  "workspaces",
];

export const autoscaling = [
  entry("aws:autoscaling/group:Group", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 255 }),
        "EC2 Auto Scaling API Reference, CreateAutoScalingGroup: AutoScalingGroupName (1-255)",
      ),
      rule("minSize", intIn(0), "EC2 Auto Scaling API Reference, CreateAutoScalingGroup: MinSize"),
      rule("maxSize", intIn(0), "EC2 Auto Scaling API Reference, CreateAutoScalingGroup: MaxSize"),
      rule(
        "healthCheckType",
        oneOf(["EC2", "ELB", "VPC_LATTICE", "EBS"]),
        "EC2 Auto Scaling API Reference, CreateAutoScalingGroup: HealthCheckType",
      ),
      rule(
        "mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity",
        intIn(0, 100),
        "EC2 Auto Scaling API Reference, InstancesDistribution: OnDemandPercentageAboveBaseCapacity (0-100)",
      ),
      rule(
        "mixedInstancesPolicy.instancesDistribution.onDemandBaseCapacity",
        intIn(0),
        "EC2 Auto Scaling API Reference, InstancesDistribution: OnDemandBaseCapacity",
      ),
      rule(
        "mixedInstancesPolicy.instancesDistribution.spotAllocationStrategy",
        oneOf([
          "lowest-price",
          "capacity-optimized",
          "capacity-optimized-prioritized",
          "price-capacity-optimized",
        ]),
        "EC2 Auto Scaling API Reference, InstancesDistribution: SpotAllocationStrategy",
      ),
      rule(
        "mixedInstancesPolicy.instancesDistribution.onDemandAllocationStrategy",
        oneOf(["prioritized", "lowest-price"]),
        "EC2 Auto Scaling API Reference, InstancesDistribution: OnDemandAllocationStrategy",
      ),
      rule(
        "defaultInstanceWarmup",
        intIn(0),
        "EC2 Auto Scaling API Reference, CreateAutoScalingGroup: DefaultInstanceWarmup",
      ),
      rule(
        "targetGroupArns[*]",
        arn({ service: "elasticloadbalancing", resourceType: "targetgroup" }),
        "EC2 Auto Scaling API Reference, CreateAutoScalingGroup: TargetGroupARNs",
      ),
    ],
    durations: { create: 30, update: 10, source: "B2: ASG create 15-47 s without capacity wait" },
    replaceOn: ["name"],
    cost: PRICED,
  }),
  entry("aws:appautoscaling/target:Target", {
    constraints: [
      rule(
        "serviceNamespace",
        oneOf(NAMESPACES),
        "Application Auto Scaling API Reference, RegisterScalableTarget: ServiceNamespace",
      ),
      rule(
        "minCapacity",
        intIn(0),
        "Application Auto Scaling API Reference, RegisterScalableTarget: MinCapacity",
      ),
      rule(
        "maxCapacity",
        intIn(0),
        "Application Auto Scaling API Reference, RegisterScalableTarget: MaxCapacity",
      ),
      rule(
        "resourceId",
        str({ min: 1, max: 1600 }),
        "Application Auto Scaling API Reference, RegisterScalableTarget: ResourceId (1-1600)",
      ),
      rule(
        "roleArn",
        arn({ service: "iam", resourceType: "role" }),
        "Application Auto Scaling API Reference, RegisterScalableTarget: RoleARN",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["resourceId", "scalableDimension", "serviceNamespace"],
    cost: APP_FREE,
  }),
  entry("aws:appautoscaling/policy:Policy", {
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 256, pattern: /^[\p{L}\p{N}\p{P}\p{S} ]+$/u, allowed: "printable characters" }),
        "Application Auto Scaling API Reference, PutScalingPolicy: PolicyName (1-256, \\p{Print}+)",
      ),
      rule(
        "policyType",
        oneOf(["StepScaling", "TargetTrackingScaling", "PredictiveScaling"]),
        "Application Auto Scaling API Reference, PutScalingPolicy: PolicyType",
      ),
      rule(
        "serviceNamespace",
        oneOf(NAMESPACES),
        "Application Auto Scaling API Reference, PutScalingPolicy: ServiceNamespace",
      ),
      rule(
        "stepScalingPolicyConfiguration.adjustmentType",
        oneOf(["ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"]),
        "Application Auto Scaling API Reference, StepScalingPolicyConfiguration: AdjustmentType",
      ),
      rule(
        "stepScalingPolicyConfiguration.metricAggregationType",
        oneOf(["Average", "Minimum", "Maximum"]),
        "Application Auto Scaling API Reference, StepScalingPolicyConfiguration: MetricAggregationType",
      ),
      rule(
        "stepScalingPolicyConfiguration.cooldown",
        intIn(0),
        "Application Auto Scaling API Reference, StepScalingPolicyConfiguration: Cooldown",
      ),
      rule(
        "targetTrackingScalingPolicyConfiguration.targetValue",
        numberIn(8.51592e-109, 1.174271e108),
        "Application Auto Scaling API Reference, TargetTrackingScalingPolicyConfiguration: TargetValue (8.515920e-109 to 1.174271e+108)",
      ),
      rule(
        "targetTrackingScalingPolicyConfiguration.scaleInCooldown",
        intIn(0),
        "Application Auto Scaling API Reference, TargetTrackingScalingPolicyConfiguration: ScaleInCooldown",
      ),
      rule(
        "targetTrackingScalingPolicyConfiguration.scaleOutCooldown",
        intIn(0),
        "Application Auto Scaling API Reference, TargetTrackingScalingPolicyConfiguration: ScaleOutCooldown",
      ),
      rule(
        "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.resourceLabel",
        str({ min: 1, max: 1023 }),
        "Application Auto Scaling API Reference, PredefinedMetricSpecification: ResourceLabel (1-1023)",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
    cost: APP_FREE,
  }),
  entry("aws:appautoscaling/scheduledAction:ScheduledAction", {
    mock: "generic",
    constraints: [
      rule(
        "name",
        str({ min: 1, max: 256, pattern: /^[^|:/]+$/, allowed: "no | : or /" }),
        "Application Auto Scaling API Reference, PutScheduledAction: ScheduledActionName (1-256, (?!((^[ ]+.*)|(.*([\\u0000-\\u001f]|[\\u007f-\\u009f]|[:/|])+.*)|(.*[ ]+$))).+)",
      ),
      rule(
        "schedule",
        scheduleExpression({ at: true }),
        "Application Auto Scaling API Reference, PutScheduledAction: Schedule (at(), rate() or six-field cron(), as EventBridge)",
      ),
      rule(
        "timezone",
        ianaTimeZone,
        "Application Auto Scaling API Reference, PutScheduledAction: Timezone (an IANA time zone)",
      ),
      rule(
        "scalableTargetAction.minCapacity",
        intIn(0),
        "Application Auto Scaling API Reference, ScalableTargetAction: MinCapacity",
      ),
      rule(
        "scalableTargetAction.maxCapacity",
        intIn(0),
        "Application Auto Scaling API Reference, ScalableTargetAction: MaxCapacity",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
    cost: APP_FREE,
  }),
  entry("aws:autoscaling/schedule:Schedule", {
    mock: "generic",
    constraints: [
      rule(
        "scheduledActionName",
        str({ min: 1, max: 255 }),
        "EC2 Auto Scaling API Reference, PutScheduledUpdateGroupAction: ScheduledActionName (1-255)",
      ),
      rule(
        "recurrence",
        unixCron,
        "EC2 Auto Scaling API Reference, PutScheduledUpdateGroupAction: Recurrence (Unix cron, five fields)",
      ),
      rule(
        "timeZone",
        ianaTimeZone,
        "EC2 Auto Scaling API Reference, PutScheduledUpdateGroupAction: TimeZone (an IANA time zone)",
      ),
      rule(
        "minSize",
        intIn(-1),
        "@pulumi/aws 7.48 autoscaling.Schedule.minSize: -1 keeps the current minimum",
      ),
      rule(
        "maxSize",
        intIn(-1),
        "@pulumi/aws 7.48 autoscaling.Schedule.maxSize: -1 keeps the current maximum",
      ),
      rule(
        "desiredCapacity",
        intIn(-1),
        "@pulumi/aws 7.48 autoscaling.Schedule.desiredCapacity: -1 keeps the current desired capacity",
      ),
    ],
    durations: { create: 2, source: TIMING.NO_DATA },
    replaceOn: ["scheduledActionName", "autoscalingGroupName"],
    cost: FREE("scheduled actions are free"),
  }),
];
