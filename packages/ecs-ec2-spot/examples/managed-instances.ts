import { Ec2Service, ManagedInstancesCapacity } from "../src";

/** ECS Managed Instances on Spot: AWS runs the instances; the service uses awsvpc. */
export function program() {
  const capacity = new ManagedInstancesCapacity("managed", {
    clusterName: "apps",
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
    vpcId: "vpc-0a1b2c3d",
    subnetIds: ["subnet-0a", "subnet-0b"],
    spot: true,
    vcpuMin: 2,
    vcpuMax: 4,
  });

  const api = new Ec2Service("api", {
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
    clusterName: "apps",
    capacity,
    vpcId: "vpc-0a1b2c3d",
    subnetIds: ["subnet-0a", "subnet-0b"],
    containers: [{ name: "api", image: "public.ecr.aws/nginx/nginx:1.27", memory: 512, user: "101:101" }],
  });

  return { capacityProvider: capacity.capacityProviderName, service: api.serviceName };
}
