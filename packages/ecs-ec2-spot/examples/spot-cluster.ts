import { Cluster, ClusterCapacityProviders } from "@berth/ecs-fargate";
import * as pulumi from "@pulumi/pulumi";
import { Ec2Service, SpotCapacity } from "../src";

/** A cluster on Graviton Spot capacity with one web service behind an existing ALB listener. */
export function program() {
  const network = new pulumi.StackReference("org/network/dev");
  const edge = new pulumi.StackReference("org/platform/dev");
  const vpcId = network.getOutput("vpcId") as pulumi.Output<string>;
  const privateSubnetIds = network.getOutput("privateSubnetIds") as pulumi.Output<string[]>;

  // EC2 capacity needs the cluster first: the cluster's one provider association comes after it.
  const cluster = new Cluster("apps", { ec2Capacity: true });

  // One on-demand instance, everything above it on Spot across four instance types.
  const capacity = new SpotCapacity("workers", {
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    vpcId,
    subnetIds: [0, 1, 2].map((i) => privateSubnetIds.apply((ids) => ids[i] as string)),
    onDemandBaseCapacity: 1,
    onDemandPercentageAboveBaseCapacity: 0,
    maxSize: 12,
    targetCapacityPercent: 90,
  });

  // The cluster's one ClusterCapacityProviders: Fargate and Fargate Spot plus the Spot group, which
  // is the default strategy. Services take the capacity through it, so destroy removes them first.
  const providers = new ClusterCapacityProviders("apps", {
    clusterName: cluster.name,
    capacityProviders: [capacity.capacityProviderName],
  });

  // Bridge mode: each task gets a dynamic host port; the ALB reaches the instances on 32768-65535 only.
  const web = new Ec2Service("web", {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    capacity: providers.attached(capacity),
    containers: [
      {
        name: "web",
        image: "public.ecr.aws/nginx/nginx:1.27",
        user: "101:101",
        memoryReservation: 256,
        portMappings: [{ containerPort: 8080 }],
        readonlyRootFilesystem: false,
      },
    ],
    vpcId,
    loadBalancer: {
      listenerArn: edge.getOutput("httpsListenerArn") as pulumi.Output<string>,
      securityGroupId: edge.getOutput("albSecurityGroupId") as pulumi.Output<string>,
      containerPort: 8080,
      priority: 100,
      hostHeaders: ["web.example.com"],
      healthCheckPath: "/healthz",
    },
    autoscaling: { minCapacity: 2, maxCapacity: 20, cpuTarget: 60 },
  });

  return {
    capacityProvider: capacity.capacityProviderName,
    autoScalingGroup: capacity.autoScalingGroupName,
    service: web.serviceName,
  };
}
