import { allow } from "@berth/core";
import { EksCluster, PodIdentityRole } from "../src";

/**
 * A workload's own AWS permissions through EKS Pod Identity: read one bucket, from one service
 * account. The pods run on EC2 nodes: Pod Identity does not reach pods on Fargate.
 */
export function program() {
  const cluster = new EksCluster("apps", {
    vpcId: "vpc-0a1b2c3d4e5f60789",
    subnetIds: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"],
    managedNodeGroups: [{ name: "general" }],
  });
  const reader = new PodIdentityRole("reports-reader", {
    clusterName: cluster.clusterName,
    clusterArn: cluster.clusterArn,
    namespace: "reports",
    serviceAccount: "reports",
    statements: [
      allow(["s3:GetObject"], ["arn:aws:s3:::example-reports/*"]),
      allow(["s3:ListBucket"], ["arn:aws:s3:::example-reports"]),
    ],
  });
  return { roleArn: reader.roleArn };
}
