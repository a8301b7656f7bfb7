import { describe, expect, it } from "vitest";
import { isWorkloadTrust } from "../src/util";

const webIdentity = (provider: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${provider}` },
      Action: "sts:AssumeRoleWithWebIdentity",
    },
  ],
});

describe("isWorkloadTrust", () => {
  it("counts IRSA (an EKS cluster's OIDC provider) and task/pod service principals as workloads", () => {
    expect(isWorkloadTrust(webIdentity("oidc.eks.us-east-1.amazonaws.com/id/ABC123"))).toBe(true);
    expect(
      isWorkloadTrust({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    ).toBe(true);
  });

  it("does not count CI roles that trust GitHub Actions' OIDC provider as workloads", () => {
    expect(isWorkloadTrust(webIdentity("token.actions.githubusercontent.com"))).toBe(false);
  });
});
