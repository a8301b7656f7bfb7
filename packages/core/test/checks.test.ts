import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  coversInternet,
  EC2_DESCRIPTION_PATTERN,
  isArnOf,
  LOG_RETENTION_DAYS,
  nearestKey,
  parseArn,
  parseCidr,
  Validator,
} from "../src";

const issuesOf = (f: (v: Validator) => void) => {
  const v = new Validator("berth:test:Thing", "t");
  f(v);
  return v.issues;
};

describe("parseArn", () => {
  it("splits an ARN into partition, service, region, account, resource type and id", () => {
    expect(parseArn("arn:aws:iam::123456789012:role/ci/deploy")).toEqual({
      partition: "aws",
      service: "iam",
      region: "",
      account: "123456789012",
      resource: "role/ci/deploy",
      resourceType: "role",
      resourceId: "ci/deploy",
    });
    expect(parseArn("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf")).toMatchObject({
      partition: "aws-cn",
      region: "cn-north-1",
      resourceType: "secret",
      resourceId: "db-AbCdEf",
    });
    expect(parseArn("arn:aws:s3:::my-bucket")).toMatchObject({
      resourceType: undefined,
      resourceId: "my-bucket",
    });
    expect(parseArn("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy")).toMatchObject({ account: "aws" });
  });

  it("refuses names, unknown partitions, bad accounts and empty resources", () => {
    for (const bad of [
      "my-cluster",
      "",
      "arn:aws:ecs",
      "arn:azure:ecs:us-east-1:123456789012:cluster/x",
      "arn:aws:ecs:us-east-1:1234:cluster/x",
      "arn:aws:ecs:us-east-1:123456789012:",
      "arn:aws:ECS:us-east-1:123456789012:cluster/x",
      "arn:aws:ecs:useast1:123456789012:cluster/x",
      "arn:aws:ecs:us-east-1:123456789012:cluster/a b",
      42,
      undefined,
    ]) {
      expect(parseArn(bad), String(bad)).toBeUndefined();
    }
  });

  it("matches service and resource type", () => {
    expect(isArnOf("arn:aws:iam::123456789012:role/x", { service: "iam", resourceType: "role" })).toBe(true);
    expect(isArnOf("arn:aws:iam::123456789012:user/x", { service: "iam", resourceType: "role" })).toBe(false);
    expect(isArnOf("arn:aws:sts::123456789012:assumed-role/x/s", { service: "iam" })).toBe(false);
    expect(
      isArnOf("arn:aws:iam::123456789012:user/x", { service: "iam", resourceType: ["role", "user"] }),
    ).toBe(true);
  });

  it("round-trips any well-formed ARN (property)", () => {
    const part = fc.constantFrom("aws", "aws-cn", "aws-us-gov");
    const svc = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    const acct = fc.stringMatching(/^\d{12}$/);
    const id = fc.stringMatching(/^[A-Za-z0-9_.+=,@-]{1,30}$/);
    fc.assert(
      fc.property(part, svc, acct, fc.constantFrom("role", "cluster", "secret"), id, (p, s, a, t, i) => {
        const arn = parseArn(`arn:${p}:${s}:us-east-1:${a}:${t}/${i}`);
        expect(arn).toMatchObject({ partition: p, service: s, account: a, resourceType: t, resourceId: i });
      }),
    );
  });
});

describe("parseCidr and coversInternet", () => {
  it("parses IPv4 and IPv6 blocks and flags host bits", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({
      family: "ipv4",
      address: 0x0a000000n,
      prefix: 16,
      hostBits: false,
    });
    expect(parseCidr("10.0.0.1/16")?.hostBits).toBe(true);
    expect(parseCidr("2001:db8::/32")).toMatchObject({ family: "ipv6", prefix: 32, hostBits: false });
    expect(parseCidr("::/0")).toMatchObject({ family: "ipv6", address: 0n, prefix: 0 });
    expect(parseCidr("2001:db8::1/64")?.hostBits).toBe(true);
  });

  it("refuses what is not a CIDR block", () => {
    for (const bad of [
      "10.0.0.0",
      "10.0.0.0/33",
      "256.0.0.0/8",
      "010.0.0.0/8",
      "10.0.0/8",
      "10.0.0.0/08",
      "1:2:3:4:5:6:7:8:9/64",
      "1::2::3/64",
      "::/129",
      "10.0.0.0/16,10.1.0.0/16",
      "",
      7,
    ]) {
      expect(parseCidr(bad), String(bad)).toBeUndefined();
    }
  });

  it("knows that split halves are the whole internet", () => {
    expect(coversInternet(["0.0.0.0/0"])).toBe(true);
    expect(coversInternet(["0.0.0.0/1", "128.0.0.0/1"])).toBe(true);
    expect(coversInternet(["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"])).toBe(true);
    expect(coversInternet(["::/1", "8000::/1"])).toBe(true);
    expect(coversInternet(["0.0.0.0/1", "128.0.0.0/2"])).toBe(false);
    expect(coversInternet(["10.0.0.0/8", "::/1"])).toBe(false);
    expect(coversInternet([])).toBe(false);
  });

  it("any split of 0.0.0.0/0 into 2^k blocks covers the internet; dropping one does not (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.nat(), (k, drop) => {
        const n = 2 ** k;
        const blocks = Array.from({ length: n }, (_, i) => {
          const a = (i * 2 ** (32 - k)) >>> 0;
          return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${k}`;
        });
        expect(coversInternet(blocks)).toBe(true);
        expect(coversInternet(blocks.filter((_, i) => i !== drop % n))).toBe(false);
      }),
    );
  });
});

describe("nearestKey", () => {
  const known = ["desiredCount", "lifecycleRules", "version", "containers"];
  it("suggests the closest known key, or nothing when none is close", () => {
    expect(nearestKey("desiredCout", known)).toBe("desiredCount");
    expect(nearestKey("lifecycleRule", known)).toBe("lifecycleRules");
    expect(nearestKey("verison", known)).toBe("version");
    expect(nearestKey("VERSION", known)).toBe("version");
    expect(nearestKey("countNumber", known)).toBeUndefined();
  });
});

describe("Validator checks", () => {
  it("intIn and numberIn: finite, in range; undefined and Outputs are skipped", () => {
    expect(
      issuesOf((v) => {
        v.intIn("a", 5, 1, 10);
        v.intIn("b", 11, 1, 10);
        v.intIn("c", 1.5, 1, 10);
        v.intIn("d", Number.NaN, 1, 10);
        v.intIn("e", undefined, 1, 10);
        v.intIn("f", pulumi.output(99), 1, 10);
        v.numberIn("g", Number.POSITIVE_INFINITY, 0, 1e9);
        v.intIn("h", "5", 1, 10);
      }),
    ).toEqual([
      { path: "b", value: 11, allowed: "an integer from 1 to 10" },
      { path: "c", value: 1.5, allowed: "an integer from 1 to 10" },
      { path: "d", value: Number.NaN, allowed: "an integer from 1 to 10" },
      { path: "g", value: Number.POSITIVE_INFINITY, allowed: "a number from 0 to 1000000000" },
      { path: "h", value: "5", allowed: "an integer from 1 to 10" },
    ]);
  });

  it("required, oneOf and arn name the field, the value and what is allowed", () => {
    expect(
      issuesOf((v) => {
        v.required("vpcId", undefined, "a VPC id");
        v.oneOf("retention", 8, LOG_RETENTION_DAYS);
        v.arn("roleArn", "deploy", { service: "iam", resourceType: "role" });
        v.arn("clusterArn", "arn:aws:ecs:us-east-1:123456789012:cluster/x", {
          service: "ecs",
          resourceType: "cluster",
        });
      }),
    ).toEqual([
      { path: "vpcId", value: undefined, allowed: "a VPC id (required)" },
      {
        path: "retention",
        value: 8,
        allowed:
          "one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
      },
      {
        path: "roleArn",
        value: "deploy",
        allowed: "an ARN of an iam role (arn:<partition>:iam:<region>:<account>:role/...)",
      },
    ]);
  });

  it("cidr: syntax, family and host bits", () => {
    expect(
      issuesOf((v) => {
        v.cidr("a", "10.0.0.0/8");
        v.cidr("b", "10.0.0.1/8");
        v.cidr("c", "10.0.0.0/8", { family: "ipv6" });
        v.cidr("d", "10.0.0.0/8,10.1.0.0/16");
      }),
    ).toEqual([
      {
        path: "b",
        value: "10.0.0.1/8",
        allowed: "a CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32)",
        hint: "the bits after the prefix length must be zero",
      },
      {
        path: "c",
        value: "10.0.0.0/8",
        allowed: "an IPv6 CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32)",
      },
      {
        path: "d",
        value: "10.0.0.0/8,10.1.0.0/16",
        allowed: "a CIDR block with its host bits zero (10.0.0.0/16, 2001:db8::/32)",
      },
    ]);
  });

  it("notInternet refuses any set whose union is the internet", () => {
    expect(
      issuesOf((v) => v.notInternet("ingressCidrs", ["0.0.0.0/1", "128.0.0.0/1"], "task ingress")),
    ).toEqual([
      {
        path: "ingressCidrs",
        value: ["0.0.0.0/1", "128.0.0.0/1"],
        allowed:
          "CIDR blocks that do not together cover the whole internet (0.0.0.0/0 or ::/0) for task ingress",
      },
    ]);
    expect(issuesOf((v) => v.notInternet("ingressCidrs", ["10.0.0.0/8"], "task ingress"))).toEqual([]);
  });

  it("knownKeys rejects unknown properties with the nearest known key", () => {
    expect(issuesOf((v) => v.knownKeys("", { desiredCout: 2, cpu: 256 }, ["desiredCount", "cpu"]))).toEqual([
      { path: "desiredCout", value: 2, allowed: "no such property", hint: 'did you mean "desiredCount"?' },
    ]);
    expect(
      issuesOf((v) => v.knownKeys("rules[0]", { countNumber: 0 }, ["maxImageCount", "maxAgeDays"])),
    ).toEqual([
      {
        path: "rules[0].countNumber",
        value: 0,
        allowed: "no such property",
        hint: "known properties: maxImageCount, maxAgeDays",
      },
    ]);
  });

  it("ec2Description names the characters EC2 refuses", () => {
    expect(issuesOf((v) => v.ec2Description("description", "the service's port"))).toEqual([
      {
        path: "description",
        value: "the service's port",
        allowed: "up to 255 characters of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*",
        hint: `remove "'"`,
      },
    ]);
    expect(
      issuesOf((v) => v.ec2Description("description", "HTTPS in (443), to: tasks [web] & more!")),
    ).toEqual([]);
    expect(issuesOf((v) => v.ec2Description("description", "x".repeat(256)))).toHaveLength(1);
  });

  it("the description pattern accepts exactly the documented set (property)", () => {
    const allowed = "abcXYZ019 ._-:/()#,@[]+=&;{}!$*";
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...allowed.split("")) }), (s) => {
        expect(EC2_DESCRIPTION_PATTERN.test(s)).toBe(true);
      }),
    );
    for (const ch of ["'", '"', "<", ">", "?", "%", "^", "`", "~", "|", "\\", "é", "\n"]) {
      expect(EC2_DESCRIPTION_PATTERN.test(ch), ch).toBe(false);
    }
  });
});
