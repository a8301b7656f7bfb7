import { Cluster, ClusterCapacityProviders } from "@berth/ecs-fargate";
import { capture, type ResourceGraph } from "@berth/plan";
import { describe, expect, it } from "vitest";
import { Ec2Service, ManagedInstancesCapacity, SpotCapacity } from "../src";

/** A whole cluster in one program: the case where `pulumi destroy` used to hang. */
function program() {
  const cluster = new Cluster("apps", { ec2Capacity: true });
  const capacity = new SpotCapacity("workers", {
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    maxSize: 6,
  });
  const providers = new ClusterCapacityProviders("apps", {
    clusterName: cluster.name,
    capacityProviders: [capacity.capacityProviderName],
  });
  new Ec2Service("web", {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    capacity: providers.attached(capacity),
    containers: [{ name: "web", image: "nginx:1.27", memory: 256, portMappings: [{ containerPort: 8080 }] }],
    vpcId: "vpc-1",
    loadBalancer: {
      listenerArn:
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/0123456789abcdef/fedcba9876543210",
      securityGroupId: "sg-alb",
      containerPort: 8080,
      priority: 10,
    },
  });
}

/**
 * The order `pulumi destroy` deletes in: a resource goes only after everything that depends on it
 * (the reverse of creation order). Computed from the graph's dependency edges, parents excluded.
 */
function deletionOrder(graph: ResourceGraph): string[] {
  const custom = graph.resources.filter((r) => r.custom);
  const dependents = new Map<string, string[]>(custom.map((r) => [r.urn, []]));
  for (const r of custom) for (const d of r.dependencies) dependents.get(d)?.push(r.urn);
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (urn: string) => {
    if (done.has(urn)) return;
    done.add(urn);
    for (const dep of dependents.get(urn) ?? []) visit(dep);
    order.push(urn);
  };
  for (const r of custom) visit(r.urn);
  return order;
}

describe("safe teardown", () => {
  it("has the edges that order the destroy: service, attachment, provider, group, template, cluster", async () => {
    const graph = await capture(program);
    const cluster = graph.one("aws:ecs/cluster:Cluster");
    const service = graph.one("aws:ecs/service:Service");
    const attachment = graph.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
    const provider = graph.one("aws:ecs/capacityProvider:CapacityProvider");
    const asg = graph.one("aws:autoscaling/group:Group");
    const template = graph.one("aws:ec2/launchTemplate:LaunchTemplate");

    // The service uses the provider through the attachment: deleted before the provider is detached.
    expect(graph.dependsOn(service.urn, attachment.urn)).toBe(true);
    expect(service.propertyDependencies["capacityProviderStrategies"]).toContain(attachment.urn);
    // The attachment names the provider: detached before the provider is deleted (terraform-aws-ecs#253).
    expect(graph.dependsOn(attachment.urn, provider.urn)).toBe(true);
    expect(attachment.propertyDependencies["capacityProviders"]).toContain(provider.urn);
    // The provider names the group: deleted before the group.
    expect(graph.dependsOn(provider.urn, asg.urn)).toBe(true);
    // The group launches from the template, whose user data names the cluster: the instances are
    // gone before the cluster is deleted (no ClusterContainsContainerInstancesException).
    expect(graph.dependsOn(asg.urn, template.urn)).toBe(true);
    expect(graph.dependsOn(template.urn, cluster.urn)).toBe(true);
    expect(template.propertyDependencies["userData"]).toContain(cluster.urn);
    // The association is the only one of the cluster, and it names the cluster.
    expect(graph.count("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders")).toBe(1);
    expect(graph.dependsOn(attachment.urn, cluster.urn)).toBe(true);
    // No edge the other way round: nothing of the cluster waits on the capacity (pulumi-awsx#644 cycle).
    for (const capacity of [attachment, provider, asg, template]) {
      expect(graph.dependsOnTransitively(cluster.urn, capacity.urn)).toBe(false);
    }
    expect(graph.dependsOnTransitively(provider.urn, service.urn)).toBe(false);
    expect(graph.dependsOnTransitively(asg.urn, attachment.urn)).toBe(false);
  });

  it("deletes in that order", async () => {
    const graph = await capture(program);
    const order = deletionOrder(graph);
    const at = (type: string) => order.indexOf(graph.one(type).urn);
    const sequence = [
      "aws:ecs/service:Service",
      "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
      "aws:ecs/capacityProvider:CapacityProvider",
      "aws:autoscaling/group:Group",
      "aws:ec2/launchTemplate:LaunchTemplate",
      "aws:ecs/cluster:Cluster",
    ].map(at);
    expect(sequence.every((i) => i >= 0)).toBe(true);
    expect([...sequence].sort((a, b) => a - b)).toEqual(sequence);
  });

  it("lets the group go even with protected instances: force delete, and protection only with managed scaling", async () => {
    const graph = await capture(program);
    const asg = graph.one("aws:autoscaling/group:Group");
    expect(asg.inputs["forceDelete"]).toBe(true);
    expect(asg.inputs["protectFromScaleIn"]).toBe(true);
    expect(
      graph.one("aws:ecs/capacityProvider:CapacityProvider").inputs["autoScalingGroupProvider"],
    ).toMatchObject({
      managedTerminationProtection: "ENABLED",
      managedDraining: "ENABLED",
      managedScaling: { status: "ENABLED" },
    });
    // No explicit dependsOn anywhere in the capacity: every edge above comes from an input.
    const spot = graph.one("berth:ecs:SpotCapacity");
    for (const r of graph.descendantsOf(spot.urn)) expect(r.explicitDependencies).toEqual([]);
  });

  it("registers the service into the target group only after the listener rule exists", async () => {
    const graph = await capture(program);
    const service = graph.one("aws:ecs/service:Service");
    const rule = graph.one("aws:lb/listenerRule:ListenerRule");
    expect(service.explicitDependencies).toEqual([rule.urn]);
  });
});

describe("preview", () => {
  it("plans the whole cluster as a preview of a new stack (unknown ids, no apply on them)", async () => {
    const graph = await capture(program, { preview: true });
    const template = graph.one("aws:ec2/launchTemplate:LaunchTemplate");
    expect(template.unknownPaths).toContain("iamInstanceProfile.arn");
    const service = graph.one("aws:ecs/service:Service");
    expect(
      graph.dependsOn(
        service.urn,
        graph.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").urn,
      ),
    ).toBe(true);
  });
});

describe("one association per cluster, fed by every capacity", () => {
  it("Fargate, an Auto Scaling group and Managed Instances on one cluster: one association lists all four", async () => {
    const graph = await capture(() => {
      const cluster = new Cluster("apps", { ec2Capacity: true });
      const spot = new SpotCapacity("workers", {
        clusterName: cluster.name,
        clusterArn: cluster.arn,
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        maxSize: 6,
      });
      const managed = new ManagedInstancesCapacity("managed", {
        clusterName: cluster.name,
        clusterArn: cluster.arn,
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
      });
      new ClusterCapacityProviders("apps", {
        clusterName: cluster.name,
        capacityProviders: [spot.capacityProviderName, managed.capacityProviderName],
      });
    });
    const association = graph.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
    const [spotProvider, managedProvider] = ["workers-provider", "managed-provider"].map((n) =>
      graph.one("aws:ecs/capacityProvider:CapacityProvider", n),
    );
    expect(association.inputs["capacityProviders"]).toEqual([
      "FARGATE",
      "FARGATE_SPOT",
      spotProvider?.outputs["name"],
      managedProvider?.outputs["name"],
    ]);
    for (const provider of [spotProvider, managedProvider]) {
      expect(graph.dependsOn(association.urn, provider?.urn ?? "")).toBe(true);
    }
  });
});
