import { QueueWorker } from "../src";

/** A queue worker that keeps every message waiting at most two minutes, and scales to zero. */
export function program() {
  const worker = new QueueWorker("thumbnails", {
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    containers: [
      {
        name: "worker",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/thumbnails:2.0.1",
        user: "1000:1000",
      },
    ],
    cpu: 1024,
    memory: 2048,
    acceptableLatencySeconds: 120,
    secondsPerMessage: 4,
    minCapacity: 0,
    maxCapacity: 50,
  });
  return { queueUrl: worker.queueUrl, backlogPerTask: worker.backlogTarget };
}
