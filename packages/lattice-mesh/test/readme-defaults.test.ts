import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  GATEWAY_API_CONTROLLER_DEFAULTS,
  LATTICE_SERVICE_DEFAULTS,
  resolveGatewayApiControllerArgs,
  resolveLatticeServiceArgs,
  resolveServiceNetworkArgs,
  SERVICE_NETWORK_DEFAULTS,
} from "../src";

const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");

/**
 * The scalar defaults of the argument table under `heading`: each row whose default cell starts
 * with a backticked JSON scalar (`"AWS_IAM"`, `false`, `30`), by argument name.
 */
function readmeDefaults(heading: string): Record<string, unknown> {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, `README heading ${heading}`).toBeGreaterThan(0);
  const section = readme.slice(start + heading.length + 2).split("\n### ")[0] as string;
  const defaults: Record<string, unknown> = {};
  for (const line of section.split("\n")) {
    const m = /^\| `(\w+)`\s*\| `([^`]+)`/.exec(line);
    if (!m) continue;
    try {
      defaults[m[1] as string] = JSON.parse(m[2] as string);
    } catch {
      // not a scalar (e.g. `[]`-like text or a name pattern): not compared here
    }
  }
  return defaults;
}

describe("README argument tables agree with resolve", () => {
  it("ServiceNetwork", () => {
    const r = resolveServiceNetworkArgs("mesh");
    const shared = resolveServiceNetworkArgs("mesh", { shareWith: { partner: "123456789012" } });
    expect(readmeDefaults("### `ServiceNetwork`")).toEqual({
      authType: r.authType,
      allowUnauthenticated: SERVICE_NETWORK_DEFAULTS.allowUnauthenticated,
      vpcAssociations: [],
      accessLogs: r.accessLogs !== undefined,
      accessLogRetentionDays: r.accessLogs?.logGroup?.retentionInDays,
      shareWith: {},
      allowExternalPrincipals: shared.share?.allowExternalPrincipals,
      tags: {},
    });
  });

  it("LatticeService", () => {
    const r = resolveLatticeServiceArgs("orders", { targetGroups: { app: { type: "IP", vpcId: "vpc-1" } } });
    expect(readmeDefaults("### `LatticeService`")).toEqual({
      serviceNetworks: {},
      authType: r.authType,
    });
    expect(r.authType).toBe(LATTICE_SERVICE_DEFAULTS.authType);
    // "one HTTPS:443 listener to the only target group"
    expect(r.listeners.map((l) => `${l.protocol}:${l.port}`)).toEqual(["HTTPS:443"]);
  });

  it("GatewayApiController", () => {
    const r = resolveGatewayApiControllerArgs("lattice", {
      clusterName: "apps",
      clusterArn: "arn:aws:eks:us-east-1:123456789012:cluster/apps",
      vpcId: "vpc-0a1b2c3d",
    });
    expect(readmeDefaults("### EKS: `GatewayApiController`")).toEqual({
      install: r.install,
      namespace: r.namespace,
      serviceAccountName: r.serviceAccountName,
      chartVersion: r.chartVersion,
      tags: {},
    });
    expect(r.chartVersion).toBe(GATEWAY_API_CONTROLLER_DEFAULTS.chartVersion);
  });
});

describe("README target group and listener prose agrees with resolve", () => {
  const prose = readme.replace(/\s+/g, " ");
  const r = resolveLatticeServiceArgs("orders", { targetGroups: { app: { type: "IP", vpcId: "vpc-1" } } });
  const config = r.targetGroups[0]?.config as Record<string, unknown>;
  const hc = config["healthCheck"] as Record<string, unknown>;

  it.each([
    ["`protocolVersion` (`HTTP1` default", config["protocolVersion"] === "HTTP1"],
    ["`ipAddressType` (`IPV4`)", config["ipAddressType"] === "IPV4"],
    ["`path` (`/`)", hc["path"] === "/"],
    ['`matcher` (`"200"`)', (hc["matcher"] as { value: string }).value === "200"],
    [`\`intervalSeconds\` (${hc["healthCheckIntervalSeconds"]}, 5 to 300)`, true],
    [`\`timeoutSeconds\` (${hc["healthCheckTimeoutSeconds"]}, 1 to 120`, true],
    [`\`healthyThreshold\` (${hc["healthyThresholdCount"]}, 2 to 10)`, true],
    [`\`unhealthyThreshold\` (${hc["unhealthyThresholdCount"]}, 2 to 10)`, true],
    [`\`port\` (${config["port"]}/443 by protocol`, true],
    [`\`protocol\` (\`${r.listeners[0]?.protocol}\` default`, true],
    [`\`port\` (${r.listeners[0]?.port}, or 80 for HTTP)`, true],
    [`\`name\` (\`<protocol>-<port>\`)`, r.listeners[0]?.name === "https-443"],
  ])("README says %s", (text, agrees) => {
    expect(prose).toContain(text);
    expect(agrees).toBe(true);
  });
});
