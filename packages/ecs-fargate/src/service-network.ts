import { isPlain, parseArn, type Validator } from "@berth/core";
import type * as pulumi from "@pulumi/pulumi";
import { checkedWhenKnown, checkIdList } from "./task";

/** Checks a cluster given as an ARN or a name (ECS CreateCluster: up to 255 letters, digits, `_` and `-`). */
export function checkCluster(v: Validator, cluster: unknown, arnOnly = false): void {
  if (cluster === undefined || !isPlain(cluster)) return;
  if (typeof cluster === "string" && cluster.startsWith("arn:")) {
    v.arn("cluster", cluster, { service: "ecs", resourceType: "cluster" });
    return;
  }
  v.check(
    !arnOnly && typeof cluster === "string" && /^[A-Za-z0-9_-]{1,255}$/.test(cluster),
    "cluster",
    cluster,
    arnOnly
      ? "an ECS cluster ARN (arn:<partition>:ecs:<region>:<account>:cluster/<name>)"
      : "an ECS cluster ARN or a cluster name of up to 255 letters, digits, hyphens and underscores",
  );
}

/** Checks a VPC id: a non-empty id string (the default VPC is never assumed). */
export function checkVpcId(v: Validator, vpcId: unknown): void {
  if (vpcId === undefined || !isPlain(vpcId)) return;
  v.check(
    typeof vpcId === "string" && /^[^\s,]+$/.test(vpcId),
    "vpcId",
    vpcId,
    "a VPC id (the default VPC is never assumed)",
  );
}

/** The cluster, VPC and subnets of a service or task, checked again once known when they are outputs. */
export function networkInputs(
  v: Validator,
  args: {
    cluster: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  },
  clusterArnOnly = false,
): {
  cluster: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
} {
  return {
    cluster: checkedWhenKnown(v, args.cluster, (c, check) => {
      if (check.required("cluster", c, "the ECS cluster")) checkCluster(check, c, clusterArnOnly);
    }),
    vpcId: checkedVpcId(v, args.vpcId),
    subnetIds: checkedSubnetIds(v, args.subnetIds),
  };
}

/** The VPC id, checked again once known when it is an output. */
function checkedVpcId(v: Validator, vpcId: pulumi.Input<string>): pulumi.Input<string> {
  return checkedWhenKnown(v, vpcId, (id, check) => {
    if (check.required("vpcId", id, "the VPC id of the tasks")) checkVpcId(check, id);
  });
}

/** The subnet ids, checked again once known when they are an output. */
function checkedSubnetIds(
  v: Validator,
  subnetIds: pulumi.Input<pulumi.Input<string>[]>,
): pulumi.Input<pulumi.Input<string>[]> {
  return checkedWhenKnown(v, subnetIds, (ids, check) => {
    if (check.required("subnetIds", ids, "the subnet ids of the tasks"))
      checkIdList(check, "subnetIds", ids, 1, "subnet");
  });
}

/** What `clusterArn` must be: an ECS cluster ARN (ECS API reference, CreateService `cluster`). */
export const CLUSTER_ARN = { service: "ecs", resourceType: "cluster" } as const;

/** The cluster ARN, VPC and subnets of a service, checked again once known when they are outputs. */
export function serviceNetworkInputs(
  v: Validator,
  args: {
    clusterArn: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  },
): {
  clusterArn: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
} {
  return {
    clusterArn: checkedWhenKnown(v, args.clusterArn, (arn, check) => {
      if (check.required("clusterArn", arn, "the ECS cluster ARN")) check.arn("clusterArn", arn, CLUSTER_ARN);
    }),
    vpcId: checkedVpcId(v, args.vpcId),
    subnetIds: checkedSubnetIds(v, args.subnetIds),
  };
}

/**
 * The cluster name in a checked ECS cluster ARN (`arn:<partition>:ecs:<region>:<account>:cluster/<name>`),
 * which Application Auto Scaling's resource id and Container Insights' dimension take.
 */
export function clusterNameOf(clusterArn: string): string {
  const name = parseArn(clusterArn)?.resourceId;
  if (!name) throw new Error(`clusterNameOf: not an ECS cluster ARN: ${clusterArn}`);
  return name;
}
