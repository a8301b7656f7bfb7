import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ServiceNetwork, type ServiceNetworkArgs } from "../src";
import { errorOf, json, plan } from "./helpers";

const T = {
  network: "aws:vpclattice/serviceNetwork:ServiceNetwork",
  auth: "aws:vpclattice/authPolicy:AuthPolicy",
  logs: "aws:vpclattice/accessLogSubscription:AccessLogSubscription",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  vpc: "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
  share: "aws:ram/resourceShare:ResourceShare",
  shareResource: "aws:ram/resourceAssociation:ResourceAssociation",
  sharePrincipal: "aws:ram/principalAssociation:PrincipalAssociation",
};

describe("ServiceNetwork", () => {
  it("defaults to IAM auth, a same-account policy and access logs in a log group kept 30 days", async () => {
    const g = await plan(() => {
      new ServiceNetwork("mesh", {
        vpcAssociations: [{ vpcId: "vpc-1", securityGroupIds: ["sg-1", "sg-2"] }],
      });
    });
    const network = g.one(T.network, "mesh-network");
    expect(network.inputs["authType"]).toBe("AWS_IAM");
    expect(network.inputs["name"]).toBeUndefined(); // auto-named
    const auth = g.one(T.auth, "mesh-auth");
    expect(auth.inputs["resourceIdentifier"]).toBe(network.outputs["arn"]);
    expect(json(auth.inputs["policy"])).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "SameAccountPrincipals",
          Effect: "Allow",
          Principal: { AWS: "123456789012" },
          Action: ["vpc-lattice-svcs:Invoke"],
          Resource: ["*"],
        },
      ],
    });
    const logGroup = g.one(T.logGroup, "mesh-access-logs");
    expect(logGroup.inputs).toMatchObject({
      namePrefix: "/aws/vendedlogs/vpclattice/mesh-",
      retentionInDays: 30,
    });
    expect(g.one(T.logs, "mesh-access-log").inputs).toMatchObject({
      resourceIdentifier: network.outputs["arn"],
      destinationArn: logGroup.outputs["arn"],
    });
    expect(g.one(T.vpc, "mesh-vpc-vpc-1").inputs).toMatchObject({
      serviceNetworkIdentifier: network.id,
      vpcIdentifier: "vpc-1",
      securityGroupIds: ["sg-1", "sg-2"],
    });
    expect(g.count(T.share)).toBe(0);
    for (const r of g.descendantsOf(g.one("berth:lattice:ServiceNetwork").urn)) {
      expect(r.parent).toBeDefined();
    }
  });

  it("sends access logs to a given S3 bucket or Firehose stream instead", async () => {
    for (const arn of [
      "arn:aws:s3:::central-lattice-logs",
      "arn:aws:firehose:us-east-1:123456789012:deliverystream/lattice",
    ]) {
      const g = await plan(() => {
        new ServiceNetwork("mesh", { accessLogDestinationArn: arn });
      });
      expect(g.count(T.logGroup)).toBe(0);
      expect(g.one(T.logs).inputs["destinationArn"]).toBe(arn);
    }
    const off = await plan(() => {
      new ServiceNetwork("mesh", { accessLogs: false });
    });
    expect(off.count(T.logs)).toBe(0);
  });

  it("shares through RAM with accounts and an organization, internal principals only by default", async () => {
    const org = "arn:aws:organizations::123456789012:organization/o-a1b2c3d4e5";
    const g = await plan(() => {
      new ServiceNetwork("mesh", { shareWith: { partner: "210987654321", org } });
    });
    const share = g.one(T.share, "mesh-share");
    expect(share.inputs["allowExternalPrincipals"]).toBe(false);
    expect(g.one(T.shareResource).inputs).toEqual({
      resourceArn: g.one(T.network).outputs["arn"],
      resourceShareArn: share.outputs["arn"],
    });
    expect(g.ofType(T.sharePrincipal).map((p) => p.inputs["principal"])).toEqual(["210987654321", org]);
  });

  it("accepts NONE only when unauthenticated access is allowed explicitly, and then writes no policy", async () => {
    const g = await plan(() => {
      new ServiceNetwork("open", { authType: "NONE", allowUnauthenticated: true });
    });
    expect(g.one(T.network).inputs["authType"]).toBe("NONE");
    expect(g.count(T.auth)).toBe(0);
  });

  it("rejects every bad argument at once, naming field, value and what is allowed", async () => {
    const message = await errorOf(
      plan(() => {
        new ServiceNetwork("Mesh", {
          authType: "NONE",
          authRules: [{ principals: { accounts: ["123456789012"] }, paths: ["/x"] }],
          vpcAssociations: [{ vpcId: "vpc-1", securityGroupIds: [] }],
          accessLogDestinationArn: "arn:aws:sqs:us-east-1:123456789012:q",
          accessLogRetentionDays: 10,
          shareWith: { everyone: "everyone" },
        });
      }),
    );
    expect(message).toBe(
      [
        'Invalid arguments for berth:lattice:ServiceNetwork "Mesh":',
        '  - serviceNetworkName: got "Mesh"; allowed: a component name whose auto-name "Mesh-network-<7 hex>" is 3 to 63 characters of a-z, 0-9 and single hyphens, not starting or ending with a hyphen. Hint: set serviceNetworkName explicitly, or use a lowercase component name of at most 47 characters',
        '  - authType: got "NONE"; allowed: "AWS_IAM", or "NONE" together with allowUnauthenticated: true. Hint: NONE lets any client of an associated VPC call every service of the network',
        '  - authRules: got "1 rules"; allowed: no auth rules with authType "NONE" (the policy would be inactive).',
        '  - authRules[0].paths: got ["/x"]; allowed: no paths on a service network policy (paths are part of a service\'s ARN). Hint: put path rules on the LatticeService authRules',
        "  - vpcAssociations[0].securityGroupIds: got []; allowed: 1 to 5 security group ids.",
        '  - accessLogDestinationArn: got "arn:aws:sqs:us-east-1:123456789012:q"; allowed: an S3 bucket ARN, a Firehose delivery stream ARN or a CloudWatch Logs log group ARN.',
        "  - accessLogRetentionDays: got 10; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
        '  - shareWith.everyone: got "everyone"; allowed: a 12-digit account id, an organization ARN or an OU ARN.',
      ].join("\n"),
    );
  });

  it("refuses unknown properties with the nearest known key, one VPC twice, missing fields and too many tags", async () => {
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`team-${i}`, "x"]));
    const message = await errorOf(
      plan(() => {
        new ServiceNetwork("mesh", {
          vpcAssociation: [],
          vpcAssociations: [
            { vpcId: "vpc-0a1b2c3d", securityGroupIds: ["sg-1"] },
            { vpcId: "vpc-0a1b2c3d", securityGroupIds: ["sg-2"], privateDNSEnabled: true },
            { vpcId: "vpc-0e0e0e0e" },
          ],
          authRules: [{ principals: { account: ["123456789012"] } }],
          tags,
        } as unknown as ServiceNetworkArgs);
      }),
    );
    expect(message.split("\n").slice(1)).toEqual([
      '  - vpcAssociation: got []; allowed: no such property. Hint: did you mean "vpcAssociations"?',
      '  - authRules[0].principals.account: got ["123456789012"]; allowed: no such property. Hint: did you mean "accounts"?',
      '  - authRules[0].principals: got {"account":["123456789012"]}; allowed: at least one of accounts, roleArns, organizationIds, authenticated: true or anyone: true.',
      '  - vpcAssociations[1].privateDNSEnabled: got true; allowed: no such property. Hint: did you mean "privateDnsEnabled"?',
      '  - vpcAssociations[1].vpcId: got "vpc-0a1b2c3d"; allowed: a VPC not associated already (vpcAssociations[0] associates it; a VPC joins one network once).',
      "  - vpcAssociations[2].securityGroupIds: got undefined; allowed: 1 to 5 security group ids (required).",
      '  - tags: got "51 tags"; allowed: at most 50 tags.',
    ]);
  });

  it("checks an access log destination known only at deployment, once it is known", async () => {
    const message = await errorOf(
      plan(() => {
        new ServiceNetwork("mesh", {
          accessLogDestinationArn: pulumi.output("arn:aws:sqs:us-east-1:123456789012:q"),
        });
      }),
    );
    // Pulumi prefixes the property path it was serializing; the Berth message follows unchanged.
    expect(message).toContain(
      'Invalid arguments for berth:lattice:ServiceNetwork "mesh":\n  - accessLogDestinationArn: got "arn:aws:sqs:us-east-1:123456789012:q"; allowed: an S3 bucket ARN, a Firehose delivery stream ARN or a CloudWatch Logs log group ARN.',
    );
    const ok = await plan(() => {
      new ServiceNetwork("mesh", { accessLogDestinationArn: pulumi.output("arn:aws:s3:::logs-bucket") });
    });
    expect(ok.one(T.logs).inputs["destinationArn"]).toBe("arn:aws:s3:::logs-bucket");
  });
});
