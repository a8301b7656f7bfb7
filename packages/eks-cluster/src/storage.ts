/**
 * Storage classes: `gp3` (default), `efs`, `fsx-lustre`, and `fsx-ontap-nas` with its Trident
 * backend, each when its driver and inputs are there.
 */
import type * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ControlPlane } from "./control-plane";
import type { ResolvedEksClusterArgs } from "./resolve";

type Opts = { parent: pulumi.Resource; provider: k8s.Provider };

/** A storage class that deletes its volumes with the claim. */
function storageClass(
  opts: Opts,
  logical: string,
  spec: Omit<k8s.storage.v1.StorageClassArgs, "reclaimPolicy">,
): k8s.storage.v1.StorageClass {
  return new k8s.storage.v1.StorageClass(logical, { ...spec, reclaimPolicy: "Delete" }, opts);
}

/** The Trident backend for FSx for ONTAP (its CRD comes with the add-on) and its class. */
function buildOntap(opts: Opts, name: string, r: ResolvedEksClusterArgs, trident: aws.eks.Addon): void {
  const { args } = r;
  if (args.fsxOntapFileSystemId === undefined || args.fsxOntapCredentialsSecretArn === undefined) return;
  new k8s.apiextensions.CustomResource(
    `${name}-fsx-ontap-backend`,
    {
      apiVersion: "trident.netapp.io/v1",
      kind: "TridentBackendConfig",
      metadata: { name: "fsx-ontap-nas", namespace: "trident" },
      spec: {
        version: 1,
        storageDriverName: "ontap-nas",
        svm: r.fsxOntapSvmName,
        aws: { fsxFilesystemID: args.fsxOntapFileSystemId },
        credentials: { name: args.fsxOntapCredentialsSecretArn, type: "awsarn" },
      },
    },
    { ...opts, dependsOn: [trident] },
  );
  storageClass(opts, `${name}-fsx-ontap-nas`, {
    metadata: { name: "fsx-ontap-nas" },
    provisioner: "csi.trident.netapp.io",
    parameters: { backendType: "ontap-nas" },
    allowVolumeExpansion: true,
  });
}

/** Every storage class whose driver is installed and whose inputs are given. */
export function buildStorage(
  scope: pulumi.Resource,
  name: string,
  r: ResolvedEksClusterArgs,
  cp: ControlPlane,
  trident: aws.eks.Addon | undefined,
): void {
  const opts: Opts = { parent: scope, provider: cp.provider };
  const { args } = r;
  if (r.ebsCsiDriver || r.autoMode) {
    storageClass(opts, `${name}-gp3`, {
      metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: r.autoMode ? "ebs.csi.eks.amazonaws.com" : "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: true,
    });
  }
  if (r.efsCsiDriver && args.efsFileSystemId !== undefined) {
    storageClass(opts, `${name}-efs`, {
      metadata: { name: "efs" },
      provisioner: "efs.csi.aws.com",
      parameters: { provisioningMode: "efs-ap", fileSystemId: args.efsFileSystemId, directoryPerms: "700" },
    });
  }
  if (r.fsxLustreCsiDriver && args.fsxLustreSubnetId !== undefined && args.fsxLustreSecurityGroupIds) {
    storageClass(opts, `${name}-fsx-lustre`, {
      metadata: { name: "fsx-lustre" },
      provisioner: "fsx.csi.aws.com",
      parameters: {
        subnetId: args.fsxLustreSubnetId,
        securityGroupIds: pulumi.all(args.fsxLustreSecurityGroupIds).apply((ids) => ids.join(",")),
        deploymentType: "PERSISTENT_2",
        perUnitStorageThroughput: "125",
      },
    });
  }
  if (trident) buildOntap(opts, name, r, trident);
}
