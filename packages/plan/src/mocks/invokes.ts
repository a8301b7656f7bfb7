import type { InvokeMock, MockContext } from "./context";
import { hex } from "./hash";

/**
 * Answers for the provider functions (invokes) Berth's components and stacks call. An invoke with
 * no entry here fails the capture with an error that names the token and says where to add it.
 */

const s = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** EKS add-on versions the mock resolves (`aws.eks.getAddonVersion`). */
export const MOCK_ADDON_VERSIONS: Record<string, string> = {
  "vpc-cni": "v1.20.4-eksbuild.1",
  "kube-proxy": "v1.33.3-eksbuild.6",
  coredns: "v1.12.2-eksbuild.4",
  "eks-pod-identity-agent": "v1.3.8-eksbuild.2",
  "aws-ebs-csi-driver": "v1.48.0-eksbuild.2",
  "aws-efs-csi-driver": "v2.1.11-eksbuild.1",
  "aws-mountpoint-s3-csi-driver": "v2.0.0-eksbuild.1",
  "snapshot-controller": "v8.3.0-eksbuild.1",
  "amazon-cloudwatch-observability": "v4.4.0-eksbuild.1",
  "aws-fsx-csi-driver": "v1.6.0-eksbuild.1",
  "netapp_trident-operator": "v25.6.0-eksbuild.1",
};

function ssmParameter(name: string, ctx: MockContext): string | undefined {
  if (
    name.startsWith("/aws/service/ecs/optimized-ami/") ||
    name.startsWith("/aws/service/eks/optimized-ami/") ||
    name.startsWith("/aws/service/bottlerocket/")
  ) {
    return `ami-${hex(`${ctx.region}${name}`, 17)}`;
  }
  if (name.startsWith("/aws/service/ami-amazon-linux-latest/"))
    return `ami-${hex(`${ctx.region}${name}`, 17)}`;
  return undefined;
}

type Rendered = Record<string, unknown>;

/** Renders `aws.iam.getPolicyDocument` statements the way the provider does. */
function renderPolicyDocument(inputs: Record<string, unknown>): string {
  const statements = (inputs["statements"] as Array<Record<string, unknown>> | undefined) ?? [];
  const one = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  const doc = {
    Version: s(inputs["version"]) ?? "2012-10-17",
    Statement: statements.map((st) => {
      const out: Rendered = {};
      if (st["sid"]) out["Sid"] = st["sid"];
      out["Effect"] = st["effect"] ?? "Allow";
      const principals = st["principals"] as Array<{ type: string; identifiers: string[] }> | undefined;
      if (principals?.length) {
        const p: Rendered = {};
        for (const pr of principals) p[pr.type] = one(pr.identifiers);
        out["Principal"] = p["*"] !== undefined ? "*" : p;
      }
      if (st["actions"]) out["Action"] = one(st["actions"]);
      if (st["notActions"]) out["NotAction"] = one(st["notActions"]);
      if (st["resources"]) out["Resource"] = one(st["resources"]);
      if (st["notResources"]) out["NotResource"] = one(st["notResources"]);
      const conditions = st["conditions"] as
        | Array<{ test: string; variable: string; values: string[] }>
        | undefined;
      if (conditions?.length) {
        const c: Record<string, Rendered> = {};
        for (const cond of conditions) {
          c[cond.test] ??= {};
          (c[cond.test] as Rendered)[cond.variable] = one(cond.values);
        }
        out["Condition"] = c;
      }
      return out;
    }),
  };
  return JSON.stringify(doc);
}

export const invokeMocks: Record<string, InvokeMock> = {
  "aws:index/getRegion:getRegion": (_i, ctx) => ({
    id: ctx.region,
    name: ctx.region,
    region: ctx.region,
    description: ctx.region,
    endpoint: `ec2.${ctx.region}.amazonaws.com`,
  }),
  "aws:index/getCallerIdentity:getCallerIdentity": (_i, ctx) => ({
    id: ctx.accountId,
    accountId: ctx.accountId,
    arn: `arn:${ctx.partition}:iam::${ctx.accountId}:role/berth-plan`,
    userId: `AROA${hex(ctx.accountId, 17).toUpperCase()}:berth-plan`,
  }),
  "aws:index/getPartition:getPartition": (_i, ctx) => ({
    id: ctx.partition,
    partition: ctx.partition,
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": (_i, ctx) => {
    const names = ["a", "b", "c", "d"].map((z) => `${ctx.region}${z}`);
    return {
      id: ctx.region,
      names,
      zoneIds: names.map((_n, i) => `use1-az${i + 1}`),
      groupNames: [ctx.region],
    };
  },
  "aws:ssm/getParameter:getParameter": (inputs, ctx) => {
    const name = s(inputs["name"]) ?? "";
    const value = ssmParameter(name, ctx);
    if (value === undefined) {
      throw new Error(
        `berth plan: no mock value for SSM parameter "${name}". Public AMI parameters under /aws/service/ are answered; ` +
          `for others add a case to ssmParameter() in packages/plan/src/mocks/invokes.ts or pass invokes to capture().`,
      );
    }
    return {
      id: name,
      name,
      arn: `arn:${ctx.partition}:ssm:${ctx.region}::parameter${name}`,
      type: "String",
      value,
      insecureValue: value,
      version: 1,
    };
  },
  "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => {
    const json = renderPolicyDocument(inputs);
    return { id: hex(json, 10), json, minifiedJson: json };
  },
  "aws:eks/getAddonVersion:getAddonVersion": (inputs) => {
    const addon = s(inputs["addonName"]) ?? "";
    const version = MOCK_ADDON_VERSIONS[addon];
    if (!version) {
      throw new Error(
        `berth plan: no mock version for EKS add-on "${addon}"; add it to MOCK_ADDON_VERSIONS in packages/plan/src/mocks/invokes.ts.`,
      );
    }
    return { id: addon, addonName: addon, kubernetesVersion: s(inputs["kubernetesVersion"]), version };
  },
  "aws:elb/getServiceAccount:getServiceAccount": (_i, ctx) => ({
    id: "127311923021",
    arn: `arn:${ctx.partition}:iam::127311923021:root`,
  }),
  // The route tables of a VPC (the S3 gateway endpoint attaches to them): main, public, and one
  // private table per zone of a three-zone awsx VPC.
  "aws:ec2/getRouteTables:getRouteTables": (inputs, ctx) => {
    const vpcId = s(inputs["vpcId"]) ?? "vpc";
    return {
      id: ctx.region,
      vpcId,
      ids: ["main", "public", "private-1", "private-2", "private-3"].map(
        (t) => `rtb-${hex(`${vpcId}${t}`, 17)}`,
      ),
    };
  },
  // AWS-managed prefix lists by name (e.g. `com.amazonaws.us-east-1.vpc-lattice`, whose
  // addresses security groups must admit for VPC Lattice to reach targets).
  "aws:ec2/getManagedPrefixList:getManagedPrefixList": (inputs, ctx) => {
    const name = s(inputs["name"]) ?? "com.amazonaws.prefix-list";
    const id = `pl-${hex(name, 8)}`;
    return {
      id,
      name,
      arn: `arn:${ctx.partition}:ec2:${ctx.region}:aws:prefix-list/${id}`,
      addressFamily: name.endsWith("ipv6") ? "IPv6" : "IPv4",
      maxEntries: 0,
      ownerId: "AWS",
      entries: [],
      tags: {},
      version: 1,
    };
  },
};
