import { FargateService } from "@berth/ecs-fargate";
import { EksCluster } from "@berth/eks-cluster";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import {
  authPolicyDocument,
  ecsLatticeTarget,
  GatewayApiController,
  LATTICE_GATEWAY_CLASS,
  LatticeService,
  ServiceNetwork,
} from "../src";

/**
 * One service network, IAM auth and access logs; behind it a Fargate service (`orders`, its tasks
 * registered by ECS into a Lattice target group, canary-ready) and an EKS-hosted service
 * (`inventory`, exported by the AWS Gateway API Controller from an HTTPRoute).
 */
export function endToEnd() {
  const vpcId = "vpc-0a1b2c3d4e5f67890";
  const privateSubnetIds = ["subnet-0aaa1111", "subnet-0bbb2222", "subnet-0ccc3333"];
  const clientsSecurityGroupId = "sg-0c11e475"; // clients in the VPC that may call the network

  // 1. The service network: IAM auth (default), access logs to CloudWatch (default), one VPC.
  const network = new ServiceNetwork("mesh", {
    vpcAssociations: [{ vpcId, securityGroupIds: [clientsSecurityGroupId] }],
    authRules: [{ sid: "Org", principals: { organizationIds: ["o-a1b2c3d4e5"] } }],
    accessLogRetentionDays: 90,
  });

  // 2. A Lattice service for the Fargate tasks; ECS registers them into the "stable" group.
  const orders = new LatticeService("orders", {
    serviceNetworks: { mesh: network.serviceNetworkId },
    targetGroups: {
      stable: { type: "IP", vpcId, port: 8080, healthCheck: { path: "/healthz" } },
    },
    authRules: [
      { sid: "Reads", principals: { accounts: ["123456789012"] }, methods: ["GET"], paths: ["/orders/*"] },
    ],
  });
  const ordersTasks = new FargateService("orders", {
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/apps",
    vpcId,
    subnetIds: privateSubnetIds,
    containers: [
      {
        name: "app",
        image: "public.ecr.aws/nginx/nginx:1.27",
        portMappings: [{ containerPort: 8080, name: "http" }],
        user: "1000:1000",
      },
    ],
    latticeTargets: [ecsLatticeTarget(orders, "stable", "http")],
  });
  // Lattice reaches targets from its managed prefix list: admit it on the container port.
  const latticePrefixList = aws.ec2.getManagedPrefixListOutput({
    name: "com.amazonaws.us-east-1.vpc-lattice",
  });
  new aws.vpc.SecurityGroupIngressRule("orders-from-lattice", {
    securityGroupId: ordersTasks.securityGroupId,
    prefixListId: latticePrefixList.id,
    ipProtocol: "tcp",
    fromPort: 8080,
    toPort: 8080,
  });

  // 3. EKS: the Gateway API Controller turns a Gateway into the network's association and an
  //    HTTPRoute into a Lattice service whose IP target group holds the pods. With `install`, it
  //    first installs the pinned Gateway API CRDs (GATEWAY_API_VERSION), then the chart; the
  //    Gateway API resources below wait for both through `dependsOn: [controller]`.
  //    The cluster endpoint is private: run `pulumi up` from inside the VPC (or give the cluster
  //    `publicAccessCidrs`), since the CRDs, the chart and the resources below go through it.
  const cluster = new EksCluster("apps", { vpcId, subnetIds: privateSubnetIds, autoMode: true });
  const controller = new GatewayApiController("lattice", {
    clusterName: cluster.clusterName,
    clusterArn: cluster.clusterArn,
    vpcId,
    install: true,
    kubernetesProvider: cluster.provider,
  });
  const k8sOpts = { provider: cluster.provider, dependsOn: [controller] };
  new k8s.apiextensions.CustomResource(
    "lattice-class",
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "GatewayClass",
      metadata: { name: LATTICE_GATEWAY_CLASS },
      spec: { controllerName: "application-networking.k8s.aws/gateway-api-controller" },
    },
    k8sOpts,
  );
  // A Gateway named like the service network attaches the cluster to that network.
  new k8s.apiextensions.CustomResource(
    "mesh-gateway",
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: network.serviceNetworkName, namespace: "default" },
      spec: {
        gatewayClassName: LATTICE_GATEWAY_CLASS,
        listeners: [{ name: "http", protocol: "HTTP", port: 80 }],
      },
    },
    k8sOpts,
  );
  new k8s.apiextensions.CustomResource(
    "inventory-route",
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "inventory", namespace: "default" },
      spec: {
        parentRefs: [{ name: network.serviceNetworkName, sectionName: "http" }],
        rules: [{ backendRefs: [{ name: "inventory", kind: "Service", port: 8080 }] }],
      },
    },
    k8sOpts,
  );
  // The same typed rules give the EKS-hosted service its auth policy: only the orders tasks.
  new k8s.apiextensions.CustomResource(
    "inventory-auth",
    {
      apiVersion: "application-networking.k8s.aws/v1alpha1",
      kind: "IAMAuthPolicy",
      metadata: { name: "inventory", namespace: "default" },
      spec: {
        targetRef: { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "inventory" },
        policy: authPolicyDocument(
          [{ sid: "Orders", principals: { roleArns: [ordersTasks.taskRoleArn] } }],
          "*",
        ),
      },
    },
    k8sOpts,
  );

  return {
    serviceNetworkArn: network.serviceNetworkArn,
    accessLogGroup: network.logGroupName,
    ordersUrl: orders.dnsName,
    ordersService: ordersTasks.serviceArn,
  };
}
