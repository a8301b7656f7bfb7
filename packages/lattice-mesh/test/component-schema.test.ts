import path from "node:path";
import { componentSchema, undocumentedInputs } from "@berth/core/component-schema";
import { describe, expect, it } from "vitest";

describe("component schema (Pulumi's component analyzer)", () => {
  it("lists every component with its arguments, each documented, with named enums for the unions", async () => {
    const { schema, components } = await componentSchema(
      path.join(__dirname, ".."),
      "berth-lattice-mesh",
      await import("../src/index.js"),
    );
    expect(components).toEqual(["GatewayApiController", "LatticeService", "ServiceNetwork"]);
    const inputs = (c: string) =>
      Object.keys(schema.resources[`berth-lattice-mesh:index:${c}`]?.inputProperties ?? {}).sort();
    expect(inputs("ServiceNetwork")).toEqual([
      "accessLogDestinationArn",
      "accessLogRetentionDays",
      "accessLogs",
      "allowExternalPrincipals",
      "allowUnauthenticated",
      "authRules",
      "authType",
      "serviceNetworkName",
      "shareWith",
      "tags",
      "vpcAssociations",
    ]);
    expect(inputs("LatticeService")).toEqual([
      "accessLogDestinationArn",
      "accessLogRetentionDays",
      "accessLogs",
      "allowUnauthenticated",
      "authRules",
      "authType",
      "certificateArn",
      "customDomainName",
      "listeners",
      "serviceName",
      "serviceNetworks",
      "tags",
      "targetGroups",
    ]);
    expect(inputs("GatewayApiController")).toEqual([
      "chartVersion",
      "clusterArn",
      "clusterName",
      "defaultServiceNetwork",
      "install",
      "installGatewayApiCrds",
      "kubernetesProvider",
      "namespace",
      "serviceAccountName",
      "tags",
      "vpcId",
    ]);
    // Records keyed by the caller (each key names a child), no longer lists.
    const input = (c: string, arg: string) =>
      schema.resources[`berth-lattice-mesh:index:${c}`]?.inputProperties?.[arg];
    expect(input("LatticeService", "serviceNetworks")).toMatchObject({
      type: "object",
      additionalProperties: { type: "string" },
    });
    expect(input("ServiceNetwork", "shareWith")).toMatchObject({
      type: "object",
      additionalProperties: { type: "string" },
    });
    expect(schema.resources["berth-lattice-mesh:index:LatticeService"]?.requiredInputs).toEqual([
      "targetGroups",
    ]);
    const values = (type: string) =>
      (schema.types?.[`berth-lattice-mesh:index:${type}`]?.enum ?? [])
        .map((e) => (e as { value: string }).value)
        .sort();
    expect(values("ListenerProtocol")).toEqual(["HTTP", "HTTPS", "TLS_PASSTHROUGH"]);
    expect(values("AuthType")).toEqual(["AWS_IAM", "NONE"]);
    expect(values("TargetGroupType")).toEqual(["ALB", "INSTANCE", "IP", "LAMBDA"]);
    expect(undocumentedInputs(schema)).toEqual([]);
  }, 120_000);
});
