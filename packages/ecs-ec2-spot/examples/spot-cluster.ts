import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Ec2Service, SpotCapacity } from "../src";

/** A cluster on Graviton Spot capacity with one web service behind an existing ALB listener. */
export function program() {
  const network = new pulumi.StackReference("org/network/dev");
  const edge = new pulumi.StackReference("org/platform/dev");
  const vpcId = network.getOutput("vpcId") as pulumi.Output<string>;
  const privateSubnetIds = network.getOutput("privateSubnetIds") as pulumi.Output<string[]>;

  const cluster = new aws.ecs.Cluster("apps", {
    settings: [{ name: "containerInsights", value: "enhanced" }],
  });

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

  // Bridge mode: each task gets a dynamic host port; the ALB reaches the instances on 32768-65535 only.
  const web = new Ec2Service("web", {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    capacity,
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
