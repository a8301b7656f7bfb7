import type { GraphResource, ResourceGraph } from "../graph";

/**
 * What a remote component creates that the plan cannot see, and how the estimates treat it. A
 * remote (multi-language) component is constructed by its provider plugin; under the mock engine
 * the plugin does not run, so the plan holds one node with the component's inputs and none of its
 * children: no policy sees them, and their AWS rules are not checked here.
 */
export interface RemoteComponentNote {
  /** What the component creates in AWS. */
  creates: string;
  /** How the cost estimate prices it. */
  cost: string;
  /** How the deploy-time estimate times it. */
  time: string;
}

/**
 * Known remote components. Sources: the awsx `ec2.Vpc` API docs ("a VPC with configured subnets and
 * NAT gateways"; a public and a private subnet per AZ by default) and the pulumi-eks `Cluster` API
 * docs (the control plane, its IAM roles and security groups, the VPC CNI, and a default node group
 * unless `skipDefaultNodeGroup`); the cost and time treatment is what `src/analytics` does.
 */
const NOTES: Record<string, RemoteComponentNote> = {
  "awsx:ec2:Vpc": {
    creates:
      "the VPC, its subnets (by default a public and a private one per availability zone), route tables and routes, " +
      "the internet gateway, and NAT gateways with their Elastic IPs (per `natGateways.strategy`)",
    cost: "priced from its inputs: NAT gateway hours and data for the NAT gateways its strategy and AZ count imply",
    time: "one step with a fixed measured duration (VPC and subnets, then the NAT gateways in parallel)",
  },
  "eks:index:Cluster": {
    creates:
      "the EKS control plane, its IAM roles, cluster and node security groups and rules, the VPC CNI, " +
      "the kubeconfig provider and, unless `skipDefaultNodeGroup` is set, a default node group",
    cost: "priced from its inputs: the control plane (standard or extended support), Auto Mode fees, and the default node group's instances",
    time: "one step with a fixed measured duration (control plane, health check and default nodes)",
  },
};

const GENERIC: RemoteComponentNote = {
  creates: "resources the plan cannot see (the provider plugin that builds them does not run offline)",
  cost: "not priced unless the cost model knows the type",
  time: "one step with the default duration",
};

/** The note for a remote component type; a generic one for a type not listed. */
export function remoteComponentNote(type: string): RemoteComponentNote {
  return NOTES[type] ?? GENERIC;
}

/** The remote components of a graph, in registration order. */
export function remoteComponentsOf(graph: ResourceGraph): GraphResource[] {
  return graph.resources.filter((r) => !r.custom && r.remote);
}
