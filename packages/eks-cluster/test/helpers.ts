import { capture, type GraphResource, type ResourceGraph } from "@berth/plan";
import { EksCluster, type EksClusterArgs } from "../src";

/** The smallest valid arguments: two subnets and one managed node group. */
export function baseArgs(extra: Partial<EksClusterArgs> = {}): EksClusterArgs {
  return {
    version: "1.35",
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-aaaaaaaaaaaaaaaaa", "subnet-bbbbbbbbbbbbbbbbb"],
    managedNodeGroups: [{ name: "general" }],
    ...extra,
  };
}

/** Captures one cluster and returns the graph. */
export function captureCluster(args: EksClusterArgs, name = "c", stack = "dev"): Promise<ResourceGraph> {
  return capture(
    () => {
      const c = new EksCluster(name, args);
      return { clusterName: c.clusterName, kubeconfig: c.kubeconfig, nodeRoleArns: c.nodeRoleArns };
    },
    { stack },
  );
}

/** The message a program fails with. */
export async function failure(args: EksClusterArgs, name = "c"): Promise<string> {
  try {
    await captureCluster(args, name);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error("expected the capture to fail");
}

/** A resource's parsed JSON input. */
export function json(r: GraphResource, key: string): unknown {
  const v = r.inputs[key];
  if (typeof v !== "string") throw new Error(`${r.name}.${key} is not a string`);
  return JSON.parse(v);
}
