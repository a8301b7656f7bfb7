import { ScheduledTask } from "../src";

/** A nightly report at 02:30 Berlin time, on Fargate Spot, retried twice, failures to a DLQ. */
export function program() {
  const report = new ScheduledTask("nightly-report", {
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    containers: [
      {
        name: "report",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/reports:3.1.0",
        command: ["node", "dist/nightly.js"],
        user: "1000:1000",
        secrets: {
          API_TOKEN: { parameterArn: "arn:aws:ssm:us-east-1:123456789012:parameter/reports/api-token" },
        },
      },
    ],
    schedule: "cron(30 2 * * ? *)",
    timezone: "Europe/Berlin",
    flexibleWindowMinutes: 15,
    spot: { base: 0, weight: 1, onDemandWeight: 0 },
  });
  return { schedule: report.scheduleArn, deadLetters: report.deadLetterQueueArn };
}
