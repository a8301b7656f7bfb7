import { capture, type ResourceGraph } from "@berth/plan";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EksCluster, type EksClusterArgs, principalKey, sameIdentity } from "../src";
import { baseArgs, captureCluster, failure } from "./helpers";

const HEAD = 'Invalid arguments for berth:eks:EksCluster "c":\n';
const ENTRY = "aws:eks/accessEntry:AccessEntry";
const ASSOC = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";
const ops = "arn:aws:iam::123456789012:role/ops";
const ci = "arn:aws:iam::123456789012:role/ci/berth-preview";
const alice = "arn:aws:iam::123456789012:user/alice";

const entries = (g: ResourceGraph) =>
  g.resources.filter((r) => r.type === ENTRY || r.type === ASSOC).map((r) => [r.urn, r.inputs] as const);

describe("access entries, one per principal and named after it", () => {
  it("gives adminViewers AmazonEKSAdminViewPolicy (reads Secrets, where Helm keeps release state)", async () => {
    const g = await captureCluster(baseArgs({ adminViewers: [ci] }));
    expect(g.one(ENTRY, "c-access-123456789012-role/ci/berth-preview").inputs).toMatchObject({
      principalArn: ci,
      type: "STANDARD",
    });
    expect(
      g.one(ASSOC, "c-access-123456789012-role/ci/berth-preview-AmazonEKSAdminViewPolicy").inputs,
    ).toMatchObject({
      principalArn: ci,
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
      accessScope: { type: "cluster" },
    });
  });

  it("removing the first admin changes no other entry or association (names and inputs)", async () => {
    const before = entries(await captureCluster(baseArgs({ admins: [ops, alice], viewers: [ci] })));
    const after = entries(await captureCluster(baseArgs({ admins: [alice], viewers: [ci] })));
    expect(before).toHaveLength(6);
    const kept = before.filter(([urn]) => !urn.includes("role/ops"));
    expect(after).toEqual(kept);
  });

  it("keeps the former positional names as aliases, so upgrading replaces nothing", async () => {
    const g = await captureCluster(baseArgs({ admins: [ops], viewers: [ci] }));
    expect(g.one(ENTRY, "c-access-123456789012-role/ops").options.aliases).toEqual([
      expect.stringContaining("c-admin-0"),
    ]);
    expect(
      g.one(ASSOC, "c-access-123456789012-role/ops-AmazonEKSClusterAdminPolicy").options.aliases,
    ).toEqual([expect.stringContaining("c-admin-0")]);
    expect(g.one(ENTRY, "c-access-123456789012-role/ci/berth-preview").options.aliases).toEqual([
      expect.stringContaining("c-viewer-0"),
    ]);
  });

  it("rejects an STS assumed-role ARN and names the role ARN to use", async () => {
    expect(
      await failure(baseArgs({ admins: ["arn:aws:sts::123456789012:assumed-role/ops/alice@example.com"] })),
    ).toBe(
      `${HEAD}  - admins[0]: got "arn:aws:sts::123456789012:assumed-role/ops/alice@example.com"; allowed: an ARN of an iam role or user (arn:<partition>:iam::<account>:role/...). Hint: EKS access entries cannot use STS session principals; give the role's ARN, arn:aws:iam::123456789012:role/ops (with its path, if it has one)`,
    );
  });

  it("rejects the identity running the deployment: EKS already made it admin as the cluster's creator", async () => {
    // The mock engine's caller is arn:aws:iam::123456789012:role/berth-plan.
    const message = await failure(baseArgs({ admins: ["arn:aws:iam::123456789012:role/berth-plan"] }));
    expect(message).toContain(
      `${HEAD}  - admins[0]: got "arn:aws:iam::123456789012:role/berth-plan"; allowed: a principal other than the identity running this deployment. Hint: arn:aws:iam::123456789012:role/berth-plan creates the cluster, and EKS gives the creator an admin access entry itself (pulumi-eks sets bootstrapClusterCreatorAdminPermissions); a second entry for it fails (pulumi/pulumi-eks#2373). Remove it from the list`,
    );
  });

  it("rejects the role of an assumed-role caller, matched by account and role name (with a path)", async () => {
    const caller = "arn:aws:sts::123456789012:assumed-role/berth-deploy/GitHubActions";
    let message = "";
    await capture(
      () => {
        new EksCluster("c", baseArgs({ admins: ["arn:aws:iam::123456789012:role/ci/berth-deploy"] }));
      },
      {
        mocks: {
          invokes: {
            "aws:index/getCallerIdentity:getCallerIdentity": () => ({
              id: "123456789012",
              accountId: "123456789012",
              arn: caller,
              userId: "AROAEXAMPLE:GitHubActions",
            }),
          },
        },
      },
    ).catch((e: Error) => {
      message = e.message;
    });
    expect(message).toContain(
      '  - admins[0]: got "arn:aws:iam::123456789012:role/ci/berth-deploy"; allowed: a principal other than the identity running this deployment.',
    );
  });

  it("rejects a principal given as an Output (it names the entry) and a principal listed twice", async () => {
    const { output } = await import("@pulumi/pulumi");
    const args = baseArgs({ admins: [ops], adminViewers: [ops] });
    (args as { viewers?: unknown }).viewers = [output(ci)];
    expect(await failure(args as EksClusterArgs)).toBe(
      `${HEAD}  - adminViewers[0]: got "${ops}"; allowed: each principal once across admins, adminViewers, viewers and namespaceEditors. Hint: one access entry per principal; give it the widest access it needs\n` +
        `  - viewers[0]: got "(an Output)"; allowed: an IAM role or user ARN as a plain string. Hint: each access entry is named after its principal ARN; write the ARN (for example from stack config)`,
    );
  });
});

describe("principal identity", () => {
  const name = fc.stringMatching(/^[A-Za-z0-9+=,.@_-]{1,64}$/);
  const path = fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), { maxLength: 2 });
  const account = fc.stringMatching(/^\d{12}$/);

  it("a role matches its own assumed-role sessions in the same account, with any path", () => {
    fc.assert(
      fc.property(account, path, name, name, (acct, p, role, session) => {
        const arn = `arn:aws:iam::${acct}:role/${[...p, role].join("/")}`;
        expect(sameIdentity(arn, `arn:aws:sts::${acct}:assumed-role/${role}/${session}`)).toBe(true);
        expect(sameIdentity(arn, `arn:aws:sts::${acct}:assumed-role/${role}x/${session}`)).toBe(false);
        const other = acct === "000000000000" ? "111111111111" : "000000000000";
        expect(sameIdentity(arn, `arn:aws:sts::${other}:assumed-role/${role}/${session}`)).toBe(false);
      }),
    );
  });

  it("a user matches only itself; a user never matches a role session of the same name", () => {
    expect(sameIdentity(alice, alice)).toBe(true);
    expect(sameIdentity(alice, "arn:aws:iam::123456789012:user/bob")).toBe(false);
    expect(sameIdentity(alice, "arn:aws:sts::123456789012:assumed-role/alice/s")).toBe(false);
  });

  it("keys an entry by account, principal type, path and name", () => {
    expect(principalKey(ci)).toBe("123456789012-role/ci/berth-preview");
    expect(principalKey(alice)).toBe("123456789012-user/alice");
    fc.assert(
      fc.property(account, path, name, name, (acct, p, a, b) => {
        const arnA = `arn:aws:iam::${acct}:role/${[...p, a].join("/")}`;
        const arnB = `arn:aws:iam::${acct}:role/${[...p, b].join("/")}`;
        expect(principalKey(arnA) === principalKey(arnB)).toBe(a === b);
      }),
    );
  });
});
