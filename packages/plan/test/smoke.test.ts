import { BerthValidationError } from "@berth/core";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { capture } from "../src";

class Box extends pulumi.ComponentResource {
  role: aws.iam.Role;
  constructor(name: string, args: { bad?: pulumi.Input<number> }, opts?: pulumi.ComponentResourceOptions) {
    super("berth:test:Box", name, {}, opts);
    this.role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: "{}", description: pulumi.secret("s") },
      { parent: this, protect: true },
    );
    const checked = pulumi.output(args.bad ?? 1).apply((v) => {
      if (v < 0)
        throw new BerthValidationError("berth:test:Box", name, [
          { path: "bad", value: v, allowed: "a positive number" },
        ]);
      return String(v);
    });
    new aws.iam.RolePolicy(
      `${name}-pol`,
      {
        role: this.role.name,
        policy: this.role.arn.apply((a) => JSON.stringify({ a })),
        namePrefix: checked,
      },
      { parent: this },
    );
    this.registerOutputs({ arn: this.role.arn });
  }
}

describe("smoke", () => {
  it("captures", async () => {
    const g = await capture(async () => {
      const b = new Box("b", {});
      new aws.s3.Bucket("bk", {}, { dependsOn: [b] });
      return { arn: b.role.arn };
    });
    console.log(JSON.stringify(g.toJSON(), null, 1).slice(0, 3000));
    expect(g.one("aws:iam/role:Role").options.protect).toBe(true);
  });
  it("rejects with validation error", async () => {
    await expect(
      capture(async () => {
        new Box("b", { bad: pulumi.output(-1) });
      }),
    ).rejects.toThrow(/bad: got -1/);
  });
  it("captures again", async () => {
    const g = await capture(
      async () => {
        new Box("c", {});
      },
      { preview: true },
    );
    expect(g.one("aws:iam/rolePolicy:RolePolicy").unknownPaths).toContain("policy");
  });
});
