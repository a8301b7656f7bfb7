/**
 * How the layers of one environment read each other: one typed helper over `StackReference`.
 * A layer's stack is `<organization>/<project>/<stack>`; the organization is the running stack's
 * own (`pulumi.getOrganization()`: the Pulumi Cloud organization, `organization` on a
 * self-managed backend), the stack name is the environment.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * What each layer exports, as the layers after it read it (plain values). Each program's
 * `<Layer>Outputs` interface returns these keys; a reader names only keys listed here.
 */
export interface LayerOutputs {
  "berth-account": {
    oidcProviderArn: string;
    /** The environment's deploy role (an EKS access entry for the platform layer). */
    deployRoleArn: string;
    /** The environment's read-only role (an EKS access entry: refreshing previews read the cluster). */
    previewRoleArn: string;
    githubConnectionArn: string;
  };
  "berth-network": {
    vpcId: string;
    vpcCidr: string;
    privateSubnetIds: string[];
    publicSubnetIds: string[];
    endpointSecurityGroupId: string;
    runnerProjectName: string;
    runnerSecurityGroupId: string;
  };
  "berth-platform": {
    vpcId: string;
    privateSubnetIds: string[];
    publicSubnetIds: string[];
    ecsClusterName: string;
    ecsClusterArn: string;
    spotCapacityProviderName: string;
    spotSecurityGroupId: string;
    spotArchitecture: string;
    repositories: Record<string, { url: string; arn: string }>;
    repositoryUrls: Record<string, string>;
    serviceNetworkId: string;
    serviceNetworkArn: string;
    latticeClientSecurityGroupId: string;
    eksClusterName: string;
    eksOidcIssuerUrl: string;
    eksPreviewRoleArn: string;
  };
}

/** A layer's Pulumi project name. */
export type LayerProject = keyof LayerOutputs;

/** `<organization>/<project>/<stack>` of another layer of the running stack's environment. */
export function layerStackName(project: LayerProject): string {
  return `${pulumi.getOrganization()}/${project}/${pulumi.getStack()}`;
}

/** Reads one output of another layer; a missing output fails the update (and the plan). */
export type LayerOutput<P extends LayerProject> = <K extends keyof LayerOutputs[P] & string>(
  key: K,
) => pulumi.Output<LayerOutputs[P][K]>;

/**
 * A typed reader of another layer of the same environment:
 * `const network = layerReference("berth-network"); network("vpcId")` is an `Output<string>`.
 * @param project the layer's Pulumi project, e.g. `berth-network`
 */
export function layerReference<P extends LayerProject>(project: P): LayerOutput<P> {
  const ref = new pulumi.StackReference(layerStackName(project));
  return (key) => ref.requireOutput(key) as pulumi.Output<LayerOutputs[P][typeof key]>;
}
