import * as aws from "@pulumi/aws";
import { Cluster, FargateService, grants } from "../src";

/** A web service behind its own HTTPS ALB, on Graviton with Spot above one on-demand task. */
export function program() {
  const cluster = new Cluster("apps");
  const repo = new aws.ecr.Repository("web", {
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
  });
  const dbPassword = new aws.secretsmanager.Secret("web-db-password");
  const uploads = new aws.s3.Bucket("uploads");

  const web = new FargateService("web", {
    clusterArn: cluster.arn,
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-private-a", "subnet-private-b"],
    cpu: 512,
    memory: 1024,
    containers: [
      {
        name: "app",
        ecrImage: { repositoryUrl: repo.repositoryUrl, arn: repo.arn, tag: "1.4.2" },
        portMappings: [{ containerPort: 8080, name: "http", appProtocol: "http" }],
        environment: { LOG_LEVEL: "info" },
        secrets: { DB_PASSWORD: { secret: dbPassword } },
        healthCheck: { command: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"] },
        user: "1000:1000",
      },
    ],
    loadBalancer: {
      create: {
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9",
        subnetIds: ["subnet-public-a", "subnet-public-b"],
      },
      healthCheckPath: "/health",
    },
    spot: { base: 1, weight: 3 },
    autoscaling: { minCapacity: 2, maxCapacity: 20, cpuTarget: 60, requestsPerTarget: 1000 },
    deployment: { strategy: "CANARY", canaryPercent: 10, bakeTimeMinutes: 10 },
    taskRoleStatements: grants.s3ReadWrite(uploads.arn),
    enableExec: true,
  });

  return { url: web.loadBalancerDnsName, service: web.serviceName };
}
