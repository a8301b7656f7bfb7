/** The nodeadm user data of a self-managed AL2023 node. */
import type { NodeTaint, TaintEffect } from "./args";

const TAINT_TO_KUBELET: Record<TaintEffect, string> = {
  NO_SCHEDULE: "NoSchedule",
  NO_EXECUTE: "NoExecute",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
};

/** The nodeadm user data (MIME multi-part with a NodeConfig) for a self-managed AL2023 node. */
export function nodeadmUserData(c: {
  clusterName: string;
  endpoint: string;
  certificateAuthority: string;
  serviceCidr: string;
  labels?: Record<string, string>;
  taints?: NodeTaint[];
}): string {
  const flags: string[] = [];
  const labels = Object.entries(c.labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (labels.length > 0) flags.push(`--node-labels=${labels.map(([k, v]) => `${k}=${v}`).join(",")}`);
  if ((c.taints ?? []).length > 0) {
    const t = (c.taints ?? []).map((x) => `${x.key}=${x.value ?? ""}:${TAINT_TO_KUBELET[x.effect]}`);
    flags.push(`--register-with-taints=${t.join(",")}`);
  }
  const kubelet = flags.length > 0 ? ["  kubelet:", "    flags:", ...flags.map((f) => `      - "${f}"`)] : [];
  return [
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="BERTH"',
    "",
    "--BERTH",
    "Content-Type: application/node.eks.aws",
    "",
    "---",
    "apiVersion: node.eks.aws/v1alpha1",
    "kind: NodeConfig",
    "spec:",
    "  cluster:",
    `    name: ${c.clusterName}`,
    `    apiServerEndpoint: ${c.endpoint}`,
    `    certificateAuthority: ${c.certificateAuthority}`,
    `    cidr: ${c.serviceCidr}`,
    ...kubelet,
    "",
    "--BERTH--",
    "",
  ].join("\n");
}
