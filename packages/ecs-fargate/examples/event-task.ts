import { EventTask, grants } from "../src";

/** Run an import task for every object created in the uploads bucket. */
export function program() {
  const importer = new EventTask("importer", {
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    containers: [
      {
        name: "import",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/importer:1.0.0",
        user: "1000:1000",
      },
    ],
    eventPattern: {
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["acme-uploads"] } },
    },
    taskRoleStatements: grants.s3Read("arn:aws:s3:::acme-uploads"),
  });
  return { rule: importer.ruleArn };
}
