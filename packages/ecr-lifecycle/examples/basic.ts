import { expireUntaggedAfter, keepLast, keepReleases, RegistrySettings, Repository } from "../src";

/** A service repository pulled by the organization and pushed by CI, plus the registry's settings. */
export function program() {
  const web = new Repository("web", {
    repositoryName: "shop/web",
    lifecycleRules: [
      keepReleases(20),
      keepLast(10, { prefixes: ["dev-"] }),
      expireUntaggedAfter(3),
      keepLast(200),
    ],
    pullOrganizationId: "o-a1b2c3d4e5",
    pushRoleArns: ["arn:aws:iam::111122223333:role/github-deploy"],
  });

  new RegistrySettings("registry", {
    scanType: "ENHANCED",
    scanRules: [{ frequency: "CONTINUOUS_SCAN", filters: ["shop/*"] }],
    replicationRules: [{ destinations: [{ region: "eu-west-1" }], prefixes: ["shop"] }],
    pullThroughCache: [
      { upstream: "ecr-public" },
      {
        upstream: "docker-hub",
        credentialArn:
          "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-pullthroughcache/docker-hub-AbCdEf",
      },
    ],
  });

  return { repositoryUrl: web.repositoryUrl, image: web.imageUri("v1.4.2") };
}
