import { describe, expect, it } from "vitest";
import { Cluster, EventTask, ExpressService, QueueWorker, ScheduledTask } from "../src";
import { inlinePolicy, json, NET, plan, planError } from "./helpers";
import { TASK_NET } from "./task-helpers";

const container = { name: "job", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1.0" };

describe("QueueWorker", () => {
  it("creates queue, DLQ with redrive, a consuming service and backlog-per-task scaling from zero", async () => {
    const g = await plan(() => {
      new QueueWorker("jobs", {
        ...TASK_NET,
        containers: [container],
        acceptableLatencySeconds: 120,
        secondsPerMessage: 4,
        maxCapacity: 20,
      });
    });
    const queue = g.one("aws:sqs/queue:Queue", "jobs-queue");
    const dlq = g.one("aws:sqs/queue:Queue", "jobs-dlq");
    expect(json(queue.inputs["redrivePolicy"])).toEqual({
      deadLetterTargetArn: dlq.outputs["arn"],
      maxReceiveCount: 5,
    });
    expect(queue.inputs).toMatchObject({
      visibilityTimeoutSeconds: 30,
      receiveWaitTimeSeconds: 20,
      sqsManagedSseEnabled: true,
    });
    expect(
      json(
        g.one("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "jobs-dlq-allow").inputs["redriveAllowPolicy"],
      ),
    ).toEqual({
      redrivePermission: "byQueue",
      sourceQueueArns: [queue.outputs["arn"]],
    });
    // The task role may consume exactly this queue.
    expect(inlinePolicy(g, "jobs-task").Statement).toEqual([
      {
        Effect: "Allow",
        Action: [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:ReceiveMessage",
        ],
        Resource: [queue.outputs["arn"]],
      },
    ]);
    const svc = g.one("aws:ecs/service:Service", "jobs-service");
    expect(svc.inputs["desiredCount"]).toBe(0);
    expect(svc.options.ignoreChanges).toEqual(["desiredCount"]);
    expect(svc.inputs["capacityProviderStrategies"]).toEqual([
      { capacityProvider: "FARGATE", base: 0, weight: 1 },
      { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
    ]);
    const defs = json<Array<{ environment: unknown }>>(
      g.one("aws:ecs/taskDefinition:TaskDefinition", "jobs-taskdef").inputs["containerDefinitions"],
    );
    expect(defs[0]?.environment).toEqual([{ name: "QUEUE_URL", value: queue.outputs["url"] }]);
    expect(g.one("aws:appautoscaling/target:Target", "jobs-backlog-scaling").inputs).toMatchObject({
      minCapacity: 0,
      maxCapacity: 20,
    });
    const tracking = g.one("aws:appautoscaling/policy:Policy", "jobs-backlog-per-task").inputs[
      "targetTrackingScalingPolicyConfiguration"
    ] as {
      targetValue: number;
      customizedMetricSpecification: { metrics: Array<{ id: string; expression?: string }> };
    };
    expect(tracking.targetValue).toBe(30);
    expect(tracking.customizedMetricSpecification.metrics.map((m) => [m.id, m.expression])).toEqual([
      ["m1", undefined],
      ["m2", undefined],
      ["e1", "m1 / m2"],
    ]);
    const wake = g.one("aws:cloudwatch/metricAlarm:MetricAlarm", "jobs-backlog-wake");
    expect(wake.inputs["alarmActions"]).toEqual([
      g.one("aws:appautoscaling/policy:Policy", "jobs-backlog-wake").outputs["arn"],
    ]);
    expect((wake.inputs["metricQueries"] as Array<{ expression?: string }>)[2]?.expression).toBe(
      "IF(m1 > 0 AND FILL(m2, 0) < 1, 1, 0)",
    );
    expect(g.ofType("aws:lambda/function:Function")).toHaveLength(0);
  });

  it("needs no wake policy when it never scales to zero", async () => {
    const g = await plan(() => {
      new QueueWorker("jobs", { ...TASK_NET, containers: [container], minCapacity: 1 });
    });
    expect(g.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(0);
    expect(g.one("aws:appautoscaling/policy:Policy", "jobs-backlog-per-task").inputs).toMatchObject({
      policyType: "TargetTrackingScaling",
    });
  });

  it("rejects a latency below the time per message and a visibility timeout shorter than a message", async () => {
    expect(
      await planError(
        () =>
          new QueueWorker("jobs", {
            ...TASK_NET,
            containers: [container],
            secondsPerMessage: 60,
            acceptableLatencySeconds: 30,
            visibilityTimeoutSeconds: 10,
            maxReceiveCount: 0,
            minCapacity: 5,
            maxCapacity: 2,
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:QueueWorker "jobs":\n' +
        "  - maxCapacity: got 2; allowed: an integer from 5 to 5000.\n" +
        "  - acceptableLatencySeconds: got 30; allowed: a number of seconds of at least secondsPerMessage (60).\n" +
        "  - visibilityTimeoutSeconds: got 10; allowed: at least secondsPerMessage (60), or messages are processed twice.\n" +
        "  - maxReceiveCount: got 0; allowed: an integer from 1 to 1000.",
    );
  });
});

describe("ScheduledTask", () => {
  it("runs on EventBridge Scheduler with a time zone, window, retries, DLQ and Spot, through a scoped role", async () => {
    const g = await plan(() => {
      new ScheduledTask("nightly", {
        ...TASK_NET,
        containers: [container],
        schedule: "cron(0 3 * * ? *)",
        timezone: "America/New_York",
        flexibleWindowMinutes: 30,
        retryAttempts: 3,
        spot: { base: 0, weight: 1, onDemandWeight: 0 },
      });
    });
    const td = g.one("aws:ecs/taskDefinition:TaskDefinition", "nightly-taskdef");
    const dlq = g.one("aws:sqs/queue:Queue", "nightly-dlq");
    const role = g.one("aws:iam/role:Role", "nightly-scheduler");
    const schedule = g.one("aws:scheduler/schedule:Schedule", "nightly-schedule");
    expect(schedule.inputs).toMatchObject({
      scheduleExpression: "cron(0 3 * * ? *)",
      scheduleExpressionTimezone: "America/New_York",
      flexibleTimeWindow: { mode: "FLEXIBLE", maximumWindowInMinutes: 30 },
      state: "ENABLED",
      target: {
        arn: NET.cluster,
        roleArn: role.outputs["arn"],
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: dlq.outputs["arn"] },
        ecsParameters: {
          taskDefinitionArn: td.outputs["arn"],
          taskCount: 1,
          capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", base: 0, weight: 1 }],
          networkConfiguration: { assignPublicIp: false, subnets: ["subnet-a", "subnet-b"] },
        },
      },
    });
    expect(json(role.inputs["assumeRolePolicy"])).toMatchObject({
      Statement: [
        {
          Principal: { Service: "scheduler.amazonaws.com" },
          Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
        },
      ],
    });
    expect(inlinePolicy(g, "nightly-scheduler").Statement).toEqual([
      {
        Sid: "RunTask",
        Effect: "Allow",
        Action: ["ecs:RunTask"],
        Resource: ["arn:aws:ecs:us-east-1:123456789012:task-definition/berth-dev-nightly:*"],
        Condition: { ArnEquals: { "ecs:cluster": [NET.cluster] } },
      },
      {
        Sid: "TagTasks",
        Effect: "Allow",
        Action: ["ecs:TagResource"],
        Resource: ["arn:aws:ecs:us-east-1:123456789012:task/apps/*"],
        Condition: { StringEquals: { "ecs:CreateAction": ["RunTask"] } },
      },
      {
        Sid: "PassTaskRoles",
        Effect: "Allow",
        Action: ["iam:PassRole"],
        Resource: [
          g.one("aws:iam/role:Role", "nightly-execution").outputs["arn"],
          g.one("aws:iam/role:Role", "nightly-task").outputs["arn"],
        ].sort(),
        Condition: { StringLike: { "iam:PassedToService": ["ecs-tasks.amazonaws.com"] } },
      },
      { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlq.outputs["arn"]] },
    ]);
  });

  it("rejects bad schedules, time zones, windows and Spot on Windows", async () => {
    expect(
      await planError(
        () =>
          new ScheduledTask("nightly", {
            ...TASK_NET,
            clusterArn: "apps",
            containers: [container],
            cpu: 1024,
            memory: 2048,
            operatingSystemFamily: "WINDOWS_SERVER_2022_CORE",
            schedule: "0 3 * * *",
            timezone: "Mars/Olympus",
            flexibleWindowMinutes: 0,
            spot: { base: 0, weight: 1 },
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ScheduledTask "nightly":\n' +
        '  - schedule: got "0 3 * * *"; allowed: cron(<6 fields>), rate(<n> minutes|hours|days) or at(yyyy-mm-ddThh:mm:ss).\n' +
        '  - timezone: got "Mars/Olympus"; allowed: an IANA time zone such as UTC or Europe/Berlin.\n' +
        "  - flexibleWindowMinutes: got 0; allowed: an integer from 1 to 1440.\n" +
        '  - spot[1].capacityProvider: got "FARGATE_SPOT"; allowed: FARGATE only for Windows tasks (Fargate Spot runs Linux tasks only).\n' +
        '  - clusterArn: got "apps"; allowed: a cluster ARN (the scheduler role is scoped to it).',
    );
  });
});

describe("EventTask", () => {
  it("runs a task for each matching event through a scoped events role; the DLQ accepts only this rule", async () => {
    const pattern = {
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["uploads"] } },
    };
    const g = await plan(() => {
      new EventTask("ingest", { ...TASK_NET, containers: [container], eventPattern: pattern });
    });
    const rule = g.one("aws:cloudwatch/eventRule:EventRule", "ingest-rule");
    expect(json(rule.inputs["eventPattern"])).toEqual(pattern);
    const target = g.one("aws:cloudwatch/eventTarget:EventTarget", "ingest-target");
    expect(target.inputs).toMatchObject({
      rule: rule.outputs["name"],
      arn: NET.cluster,
      roleArn: g.one("aws:iam/role:Role", "ingest-events").outputs["arn"],
      ecsTarget: {
        taskDefinitionArn: g.one("aws:ecs/taskDefinition:TaskDefinition", "ingest-taskdef").outputs["arn"],
        networkConfiguration: { assignPublicIp: false },
      },
    });
    expect(inlinePolicy(g, "ingest-events").Statement.map((s) => s["Sid"])).toEqual([
      "RunTask",
      "TagTasks",
      "PassTaskRoles",
    ]);
    expect(
      json(g.one("aws:sqs/queuePolicy:QueuePolicy", "ingest-dlq-policy").inputs["policy"]),
    ).toMatchObject({
      Statement: [
        {
          Principal: { Service: "events.amazonaws.com" },
          Action: ["sqs:SendMessage"],
          Condition: { ArnEquals: { "aws:SourceArn": [rule.outputs["arn"]] } },
        },
      ],
    });
  });

  it("rejects an empty or malformed pattern", async () => {
    expect(
      await planError(
        () =>
          new EventTask("ingest", {
            ...TASK_NET,
            containers: [container],
            eventPattern: { source: "aws.s3" },
            taskCount: 11,
          }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:EventTask "ingest":\n' +
        '  - eventPattern.source: got "aws.s3"; allowed: an array of values (e.g. ["aws.s3"]) or a nested pattern object.\n' +
        "  - taskCount: got 11; allowed: an integer from 1 to 10.",
    );
  });
});

describe("ExpressService", () => {
  it("creates the Express Gateway service with computed execution role and the Express infrastructure role", async () => {
    const g = await plan(() => {
      new ExpressService("hello", {
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/hello:1.0",
        secrets: { TOKEN: { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:t-AbCdEf" } },
        scalingMetric: "REQUEST_COUNT_PER_TARGET",
        scalingTarget: 500,
      });
    });
    const svc = g.one("aws:ecs/expressGatewayService:ExpressGatewayService", "hello-service");
    expect(svc.inputs).toMatchObject({
      cpu: "1024",
      memory: "2048",
      executionRoleArn: g.one("aws:iam/role:Role", "hello-execution").outputs["arn"],
      infrastructureRoleArn: g.one("aws:iam/role:Role", "hello-infrastructure").outputs["arn"],
      primaryContainer: {
        containerPort: 8080,
        secrets: [
          { name: "TOKEN", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:t-AbCdEf" },
        ],
        awsLogsConfigurations: [{ logGroup: "/ecs/express/berth-dev-hello", logStreamPrefix: "ecs" }],
      },
      scalingTargets: [
        {
          autoScalingMetric: "REQUEST_COUNT_PER_TARGET",
          autoScalingTargetValue: 500,
          minTaskCount: 1,
          maxTaskCount: 10,
        },
      ],
    });
    expect(svc.inputs["taskRoleArn"]).toBeUndefined();
    expect(
      g
        .ofType("aws:iam/role:Role")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["hello-execution", "hello-infrastructure"]);
    expect(inlinePolicy(g, "hello-execution").Statement.map((s) => s["Sid"])).toEqual([
      "WriteLogs",
      "EcrAuth",
      "PullImages",
      "ReadSecrets",
    ]);
    expect(
      g.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "hello-infrastructure-policy").inputs[
        "policyArn"
      ],
    ).toBe("arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices");
  });

  it("rejects sizes Express Mode does not run", async () => {
    expect(
      await planError(
        () => new ExpressService("hello", { image: "nginx", cpu: 8192, memory: 16384, minCapacity: 0 }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:ExpressService "hello":\n' +
        "  - cpu: got 8192; allowed: one of 256, 512, 1024, 2048, 4096 (Express Mode).\n" +
        "  - minCapacity: got 0; allowed: an integer from 1 to 5000.",
    );
    expect(
      await planError(() => new ExpressService("hello", { image: "nginx", cpu: 4096, memory: 16384 })),
    ).toBe(
      'Invalid arguments for berth:ecs:ExpressService "hello":\n' +
        "  - memory: got 16384; allowed: at most 8192 (Express Mode).",
    );
  });
});

describe("Cluster", () => {
  it("turns on Container Insights, logs ECS Exec and sets the Fargate capacity providers", async () => {
    const g = await plan(() => {
      new Cluster("apps");
    });
    const cluster = g.one("aws:ecs/cluster:Cluster", "apps-cluster");
    expect(cluster.inputs).toMatchObject({
      settings: [{ name: "containerInsights", value: "enhanced" }],
      configuration: {
        executeCommandConfiguration: {
          logging: "OVERRIDE",
          logConfiguration: {
            cloudWatchLogGroupName: "/ecs/exec/berth-dev-apps",
            cloudWatchEncryptionEnabled: false,
          },
        },
      },
    });
    expect(g.one("aws:cloudwatch/logGroup:LogGroup", "apps-exec-logs").inputs["retentionInDays"]).toBe(90);
    expect(
      g.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "apps-capacity").inputs,
    ).toMatchObject({
      clusterName: cluster.outputs["name"],
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 0, weight: 1 }],
    });
  });

  it("rejects an unknown insights mode", async () => {
    expect(
      await planError(
        () => new Cluster("apps", { containerInsights: "on" as "enabled", execLogRetentionDays: 2 }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:Cluster "apps":\n' +
        '  - containerInsights: got "on"; allowed: one of "enhanced", "enabled", "disabled".\n' +
        "  - execLogRetentionDays: got 2; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
    );
  });
});

describe("ownership and options of the task components", () => {
  it("with a pipeline owning the image, schedules and rules run the family's latest revision", async () => {
    const g = await plan(() => {
      new ScheduledTask("nightly", {
        ...TASK_NET,
        containers: [container],
        schedule: "rate(1 hour)",
        imageOwner: "pipeline",
      });
      new EventTask("ingest", {
        ...TASK_NET,
        containers: [container],
        eventPattern: { source: ["app"] },
        imageOwner: "pipeline",
      });
    });
    const family = (n: string) =>
      g.one("aws:ecs/taskDefinition:TaskDefinition", n).outputs["arnWithoutRevision"];
    const schedule = g.one("aws:scheduler/schedule:Schedule", "nightly-schedule").inputs["target"] as {
      ecsParameters: { taskDefinitionArn: string };
    };
    expect(schedule.ecsParameters.taskDefinitionArn).toBe(family("nightly-taskdef"));
    const target = g.one("aws:cloudwatch/eventTarget:EventTarget", "ingest-target").inputs["ecsTarget"] as {
      taskDefinitionArn: string;
    };
    expect(target.taskDefinitionArn).toBe(family("ingest-taskdef"));
    expect(g.one("aws:ecs/taskDefinition:TaskDefinition", "nightly-taskdef").options.ignoreChanges).toEqual([
      "containerDefinitions",
    ]);
    expect(g.one("aws:scheduler/schedule:Schedule", "nightly-schedule").inputs["flexibleTimeWindow"]).toEqual(
      { mode: "OFF" },
    );
  });

  it("uses a given dead-letter queue without touching its policy", async () => {
    const g = await plan(() => {
      new EventTask("ingest", {
        ...TASK_NET,
        containers: [container],
        eventPattern: { source: ["app"] },
        deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:shared-dlq",
      });
    });
    expect(g.ofType("aws:sqs/queue:Queue")).toHaveLength(0);
    expect(g.ofType("aws:sqs/queuePolicy:QueuePolicy")).toHaveLength(0);
    expect(
      g.one("aws:cloudwatch/eventTarget:EventTarget", "ingest-target").inputs["deadLetterConfig"],
    ).toEqual({
      arn: "arn:aws:sqs:us-east-1:123456789012:shared-dlq",
    });
  });

  it("makes FIFO queues with a KMS key the worker may decrypt with", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const g = await plan(() => {
      new QueueWorker("orders", {
        ...TASK_NET,
        containers: [container],
        fifo: true,
        queueKmsKeyArn: key,
        ephemeralStorageGiB: 50,
      });
    });
    for (const q of g.ofType("aws:sqs/queue:Queue")) {
      expect(q.inputs).toMatchObject({ fifoQueue: true, kmsMasterKeyId: key });
      expect(q.inputs["sqsManagedSseEnabled"]).toBeUndefined();
    }
    expect(inlinePolicy(g, "orders-task").Statement[1]).toEqual({
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [key],
    });
    expect(
      g.one("aws:ecs/taskDefinition:TaskDefinition", "orders-taskdef").inputs["ephemeralStorage"],
    ).toEqual({ sizeInGib: 50 });
  });

  it("passes a secret resource's ARN to an Express service", async () => {
    const { secretsmanager } = await import("@pulumi/aws");
    const g = await plan(() => {
      const secret = new secretsmanager.Secret("token");
      new ExpressService("hello", { image: "nginx:1.27", secrets: { TOKEN: { secret, jsonKey: "value" } } });
    });
    const arn = g.one("aws:secretsmanager/secret:Secret", "token").outputs["arn"];
    const svc = g.one("aws:ecs/expressGatewayService:ExpressGatewayService", "hello-service");
    expect((svc.inputs["primaryContainer"] as { secrets: unknown }).secrets).toEqual([
      { name: "TOKEN", valueFrom: `${arn}:value::` },
    ]);
    // nginx from Docker Hub: no ECR grant at all.
    expect(inlinePolicy(g, "hello-execution").Statement.map((s) => s["Sid"])).toEqual([
      "WriteLogs",
      "ReadSecrets",
    ]);
  });

  it("encrypts exec sessions with a given key", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/k";
    const g = await plan(() => {
      new Cluster("apps", { execKmsKeyArn: key, containerInsights: "enabled" });
    });
    expect(g.one("aws:ecs/cluster:Cluster", "apps-cluster").inputs).toMatchObject({
      settings: [{ name: "containerInsights", value: "enabled" }],
      configuration: {
        executeCommandConfiguration: {
          kmsKeyId: key,
          logConfiguration: { cloudWatchEncryptionEnabled: true },
        },
      },
    });
    expect(g.one("aws:cloudwatch/logGroup:LogGroup", "apps-exec-logs").inputs["kmsKeyId"]).toBe(key);
  });
});

describe("QueueWorker task errors", () => {
  it("names the worker in task size errors", async () => {
    expect(
      await planError(
        () => new QueueWorker("jobs", { ...TASK_NET, containers: [container], cpu: 512, memory: 512 }),
      ),
    ).toBe(
      'Invalid arguments for berth:ecs:QueueWorker "jobs":\n' +
        "  - memory: got 512; allowed: for cpu 512, one of 1024, 2048, 3072, 4096.",
    );
  });
});
