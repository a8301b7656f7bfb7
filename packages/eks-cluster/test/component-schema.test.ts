import path from "node:path";
import { type ComponentSchema, componentSchema, undocumentedInputs } from "@berth/core/component-schema";
import { beforeAll, describe, expect, it } from "vitest";
import { EKS_CLUSTER_ARG_KEYS } from "../src/arg-shape";

const packageDir = path.join(__dirname, "..");
const NAME = "berth-eks-cluster";

describe("the Pulumi component analyzer accepts EksCluster's args", () => {
  let schema: ComponentSchema;
  beforeAll(async () => {
    const module = await import("../src/index.js");
    ({ schema } = await componentSchema(packageDir, NAME, { EksCluster: module.EksCluster }));
  }, 120_000);

  it("lists EksCluster with every argument, each documented", () => {
    const cluster = schema.resources[`${NAME}:index:EksCluster`];
    expect(Object.keys(cluster?.inputProperties ?? {}).sort()).toEqual([...EKS_CLUSTER_ARG_KEYS].sort());
    expect(cluster?.requiredInputs).toEqual(expect.arrayContaining(["vpcId", "subnetIds"]));
    expect(undocumentedInputs(schema)).toEqual([]);
  });

  it("names its enums", () => {
    const values = (t: string) =>
      (schema.types?.[`${NAME}:index:${t}`]?.enum as Array<{ value: string }> | undefined)?.map(
        (e) => e.value,
      );
    expect(values("SupportType")).toEqual(["STANDARD", "EXTENDED"]);
    expect(values("Architecture")).toEqual(["arm64", "x86_64"]);
    expect(values("CapacityType")).toEqual(["ON_DEMAND", "SPOT"]);
    expect(values("TaintEffect")).toEqual(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"]);
    expect(values("AutoModeNodePool")).toEqual(["general-purpose", "system"]);
    const group = schema.types?.[`${NAME}:index:ManagedNodeGroupArgs`]?.properties;
    expect(group?.["capacityType"]?.$ref).toBe(`#/types/${NAME}:index:CapacityType`);
    expect(group?.["architecture"]?.$ref).toBe(`#/types/${NAME}:index:Architecture`);
  });
});

describe("the Pulumi component analyzer accepts PodIdentityRole's args", () => {
  it("lists PodIdentityRole with its statements typed by @berth/core's named Effect enum", async () => {
    const module = await import("../src/index.js");
    const { schema } = await componentSchema(packageDir, NAME, { PodIdentityRole: module.PodIdentityRole });
    const role = schema.resources[`${NAME}:index:PodIdentityRole`];
    expect(Object.keys(role?.inputProperties ?? {})).toEqual(
      expect.arrayContaining(["statements", "managedPolicyArns"]),
    );
    const effect = schema.types?.[`${NAME}:index:Effect`]?.enum as Array<{ value: string }> | undefined;
    expect(effect?.map((e) => e.value)).toEqual(["Allow", "Deny"]);
    expect(undocumentedInputs(schema)).toEqual([]);
  }, 120_000);
});
