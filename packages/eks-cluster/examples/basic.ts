import { EksCluster } from "../src";

/** A private EKS cluster with Graviton on-demand and Spot node groups, a Fargate profile and the default add-ons. */
export function program() {
  const cluster = new EksCluster("platform", {
    version: "1.35",
    vpcId: "vpc-0a1b2c3d4e5f60789",
    subnetIds: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f", "subnet-0ggg5555hhhh6666i"],
    admins: ["arn:aws:iam::123456789012:role/platform-admin"],
    viewers: ["arn:aws:iam::123456789012:role/support"],
    namespaceEditors: [{ principalArn: "arn:aws:iam::123456789012:role/team-a", namespaces: ["team-a"] }],
    managedNodeGroups: [
      { name: "system", minSize: 2, maxSize: 3, labels: { role: "system" } },
      {
        name: "spot",
        capacityType: "SPOT",
        instanceTypes: ["m7g.xlarge", "m6g.xlarge", "c7g.2xlarge"],
        minSize: 0,
        maxSize: 10,
        taints: [{ key: "spot", value: "true", effect: "NO_SCHEDULE" }],
      },
    ],
    fargateProfiles: [{ name: "batch", selectors: [{ namespace: "batch", labels: { runtime: "fargate" } }] }],
    efsFileSystemId: "fs-0123456789abcdef0",
  });
  return {
    clusterName: cluster.clusterName,
    endpoint: cluster.endpoint,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
    kubeconfig: cluster.kubeconfig,
    nodeRoleArns: cluster.nodeRoleArns,
  };
}
