import { Cluster, ClusterCapacityProviders } from "@berth/ecs-fargate";
import { Ec2Service, ManagedInstancesCapacity } from "../src";

/** ECS Managed Instances on Spot: AWS runs the instances; the service uses awsvpc. */
export function program() {
  const cluster = new Cluster("apps", { ec2Capacity: true });
  const capacity = new ManagedInstancesCapacity("managed", {
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    vpcId: "vpc-0a1b2c3d",
    subnetIds: ["subnet-0a", "subnet-0b"],
    spot: true,
    vcpuMin: 2,
    vcpuMax: 4,
  });
  // Fargate stays associated next to Managed Instances, which is the default strategy.
  const providers = new ClusterCapacityProviders("apps", {
    clusterName: cluster.name,
    capacityProviders: [capacity.capacityProviderName],
  });

  const api = new Ec2Service("api", {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    capacity: providers.attached(capacity),
    vpcId: "vpc-0a1b2c3d",
    subnetIds: ["subnet-0a", "subnet-0b"],
    containers: [{ name: "api", image: "public.ecr.aws/nginx/nginx:1.27", memory: 512, user: "101:101" }],
  });

  return { capacityProvider: capacity.capacityProviderName, service: api.serviceName };
}
