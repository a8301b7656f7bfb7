import { isPlain, type Validator } from "@berth/core";
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
    vpcId: checkedWhenKnown(v, args.vpcId, (id, check) => {
      if (check.required("vpcId", id, "the VPC id of the tasks")) checkVpcId(check, id);
    }),
    subnetIds: checkedWhenKnown(v, args.subnetIds, (ids, check) => {
      if (check.required("subnetIds", ids, "the subnet ids of the tasks"))
        checkIdList(check, "subnetIds", ids, 1, "subnet");
    }),
  };
}
