import { LatticeService, ServiceNetwork } from "../src";

/**
 * An App Mesh virtual router with weighted routes, moved to Lattice: the virtual service becomes a
 * Lattice service, each virtual node a target group, the route weights listener weights, and the
 * mTLS client policy IAM auth naming the caller's role.
 */
export function appMeshMigration() {
  const vpcId = "vpc-0a1b2c3d4e5f67890";
  const checkoutTaskRole = "arn:aws:iam::123456789012:role/checkout-task";

  const network = new ServiceNetwork("shop", {
    vpcAssociations: [{ vpcId, securityGroupIds: ["sg-0c11e475"] }],
  });

  const payments = new LatticeService("payments", {
    serviceNetworks: { shop: network.serviceNetworkId },
    targetGroups: {
      // virtual node payments-v1 and payments-v2: ECS or EKS register their tasks/pods here
      v1: { type: "IP", vpcId, port: 8080, protocolVersion: "HTTP2", healthCheck: { path: "/ping" } },
      v2: { type: "IP", vpcId, port: 8080, protocolVersion: "HTTP2", healthCheck: { path: "/ping" } },
    },
    listeners: [
      {
        // route "default": weightedTargets v1 90 / v2 10
        forward: { v1: 90, v2: 10 },
        rules: [
          // route "refunds": match prefix /refunds and method POST, all to v2
          { name: "refunds", priority: 10, pathPrefix: "/refunds", method: "POST", forward: { v2: 1 } },
          // route with a header match (canary testers)
          { name: "testers", priority: 20, headers: [{ name: "x-canary", exact: "1" }], forward: { v2: 1 } },
        ],
      },
    ],
    // mTLS client policy "only checkout may call payments" becomes IAM auth on the caller's role
    authRules: [{ sid: "Checkout", principals: { roleArns: [checkoutTaskRole] }, methods: ["GET", "POST"] }],
  });

  return { paymentsUrl: payments.dnsName };
}
