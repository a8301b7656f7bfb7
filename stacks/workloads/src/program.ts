import { BerthValidationError, mergePlainTags } from "@berth/core";
import { Ec2Service } from "@berth/ecs-ec2-spot";
import { EventTask, ExpressService, FargateService, QueueWorker, ScheduledTask } from "@berth/ecs-fargate";
import { ecsLatticeTarget, LatticeService } from "@berth/lattice-mesh";
import { layerReference, layerStackName } from "@berth/stack-config";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadWorkloadsConfig } from "./config";

/**
 * The workloads layer: one example of every Berth component, on the platform layer's cluster,
 * repositories and service network:
 * - `web`: a Graviton Fargate service behind its own HTTPS ALB, autoscaled, Spot above a base;
 * - `worker`: a queue worker on FARGATE_SPOT that scales on the queue's backlog;
 * - `nightly-report`: a scheduled task; `image-scan`: a task run for every ECR push event;
 * - `legacy`: a bridge-mode service on the EC2 Spot capacity;
 * - `orders`: a Fargate service reached through VPC Lattice (its tasks register in Lattice);
 * - `hello`: an ECS Express Mode service.
 */
export function program() {
  const cfg = loadWorkloadsConfig();
  const stack = pulumi.getStack();
  const tags = mergePlainTags({ "berth:layer": "workloads", "berth:environment": stack }, cfg.tags);
  const stateful = { protect: cfg.protect };

  const out = layerReference("berth-platform");
  const vpcId = out("vpcId");
  const privateSubnetIds = out("privateSubnetIds");
  const publicSubnetIds = out("publicSubnetIds");
  const cluster = out("ecsClusterArn");
  const clusterName = out("ecsClusterName");
  const repos = out("repositories");
  // A repository the platform layer does not export fails the plan, naming the stack, the output
  // and where to add it (never a placeholder that passes the plan and fails in AWS).
  const repository = (name: string) =>
    repos.apply((r) => {
      const found = r[name];
      if (found) return found;
      throw new BerthValidationError("pulumi:pulumi:StackReference", layerStackName("berth-platform"), [
        {
          path: `outputs.repositories.${name}`,
          value: undefined,
          allowed: `a repository the platform stack exports (it exports: ${Object.keys(r).sort().join(", ") || "none"})`,
          hint: `add "- name: ${name}" under berth-platform:repositories in stacks/platform/Pulumi.${stack}.yaml`,
        },
      ]);
    });
  // An image with a digest in berth-workloads:imageDigests (set by the images workflow) runs by
  // digest; the others by imageTag.
  const image = (name: "web" | "worker" | "jobs") => {
    const repo = repository(name);
    const digest = cfg.imageDigests[name];
    return {
      repositoryUrl: repo.apply((r) => r.url),
      arn: repo.apply((r) => r.arn),
      ...(digest ? { digest } : { tag: cfg.imageTag }),
    };
  };
  const common = { logRetentionDays: cfg.logRetentionDays, tags };
  // Outside the layer's awake hours (dev, staging) the long-running services sleep at zero tasks.
  const sleep = cfg.awake ? { awake: cfg.awake } : {};
  const http = [{ containerPort: 8080, name: "http", appProtocol: "http" as const }];

  // A web service behind its own HTTPS load balancer, scaled on CPU and requests per target.
  const web = new FargateService(
    "web",
    {
      ...common,
      ...sleep,
      clusterArn: cluster,
      vpcId,
      subnetIds: privateSubnetIds,
      cpu: cfg.web.cpu,
      memory: cfg.web.memory,
      cpuArchitecture: "ARM64",
      containers: [{ name: "app", ecrImage: image("web"), portMappings: http, user: "1000:1000" }],
      loadBalancer: {
        create: {
          certificateArn: cfg.certificateArn,
          subnetIds: publicSubnetIds,
          deletionProtection: cfg.protect,
        },
        healthCheckPath: "/health",
      },
      spot: cfg.web.spot,
      autoscaling: {
        minCapacity: cfg.web.tasks.min,
        maxCapacity: cfg.web.tasks.max,
        cpuTarget: 60,
        requestsPerTarget: 1000,
      },
    },
    stateful,
  );

  // A queue worker on FARGATE_SPOT only: interruptions are retried by the queue.
  const worker = new QueueWorker(
    "worker",
    {
      ...common,
      ...sleep,
      clusterArn: cluster,
      vpcId,
      subnetIds: privateSubnetIds,
      cpuArchitecture: "ARM64",
      containers: [{ name: "worker", ecrImage: image("worker"), user: "1000:1000" }],
      spot: { base: 0, weight: 1, onDemandWeight: 0 },
      minCapacity: cfg.worker.tasks.min,
      maxCapacity: cfg.worker.tasks.max,
      acceptableLatencySeconds: cfg.worker.acceptableLatencySeconds,
      secondsPerMessage: 2,
    },
    stateful,
  );

  // A scheduled job and an event-triggered task, both on Spot.
  const report = new ScheduledTask("nightly-report", {
    ...common,
    clusterArn: cluster,
    vpcId,
    subnetIds: privateSubnetIds,
    cpuArchitecture: "ARM64",
    containers: [
      { name: "report", ecrImage: image("jobs"), command: ["node", "dist/nightly.js"], user: "1000:1000" },
    ],
    schedule: cfg.report.schedule,
    timezone: cfg.report.timezone,
    spot: { base: 0, weight: 1, onDemandWeight: 0 },
  });
  const onPush = new EventTask("image-scan", {
    ...common,
    clusterArn: cluster,
    vpcId,
    subnetIds: privateSubnetIds,
    cpuArchitecture: "ARM64",
    containers: [
      { name: "scan", ecrImage: image("jobs"), command: ["node", "dist/on-push.js"], user: "1000:1000" },
    ],
    eventPattern: {
      source: ["aws.ecr"],
      "detail-type": ["ECR Image Action"],
      detail: { "action-type": ["PUSH"], result: ["SUCCESS"] },
    },
    spot: { base: 0, weight: 1, onDemandWeight: 0 },
  });

  // A bridge-mode service on the EC2 Spot capacity: dynamic host ports, many tasks per instance.
  const legacy = new Ec2Service("legacy", {
    ...common,
    ...sleep,
    clusterArn: cluster,
    clusterName,
    capacity: {
      capacityProviderName: out("spotCapacityProviderName"),
      securityGroupId: out("spotSecurityGroupId"),
    },
    networkMode: "bridge",
    containers: [
      {
        name: "legacy",
        ecrImage: image("web"),
        memoryReservation: 256,
        portMappings: [{ containerPort: 8080 }],
        user: "1000:1000",
      },
    ],
    desiredCount: cfg.bridgeTasks,
  });

  // A service reached through VPC Lattice: IAM-authenticated, its tasks registered by ECS.
  const ordersApi = new LatticeService("orders", {
    // The network id comes from the platform layer (known only at deployment): the key names the
    // association (`orders-sn-platform`, aliased from its former name `orders-sn-0`).
    serviceNetworks: { platform: out("serviceNetworkId") },
    authType: "AWS_IAM",
    targetGroups: {
      v1: { type: "IP", vpcId, port: 8080, protocolVersion: "HTTP1", healthCheck: { path: "/health" } },
    },
    listeners: [{ forward: { v1: 1 } }],
    authRules: [{ sid: "Web", principals: { roleArns: [web.taskRoleArn] }, methods: ["GET", "POST"] }],
    tags,
  });
  const orders = new FargateService("orders", {
    ...common,
    ...sleep,
    clusterArn: cluster,
    vpcId,
    subnetIds: privateSubnetIds,
    cpuArchitecture: "ARM64",
    containers: [{ name: "orders", ecrImage: image("web"), portMappings: http, user: "1000:1000" }],
    spot: cfg.web.spot,
    // Keyed (the rule is `orders-from-sg-lattice-8080`); it was the list's first item, so the rule
    // keeps its state through the alias `orders-from-sg0-8080`.
    ingressSecurityGroups: { lattice: out("latticeClientSecurityGroupId") },
    latticeTargets: [ecsLatticeTarget(ordersApi, "v1", "http")],
    autoscaling: { minCapacity: cfg.orders.tasks.min, maxCapacity: cfg.orders.tasks.max, cpuTarget: 60 },
  });

  // ECS Express Mode: HTTPS endpoint, load balancing and scaling run by ECS, in the platform VPC's
  // private subnets (never the account's default VPC). The tasks get a group of their own with
  // egress only; Express Mode adds the load balancer's ingress ("security groups with minimal
  // required ingress", ECS developer guide, "Resources created by Amazon ECS Express Mode services").
  const helloTasks = new aws.ec2.SecurityGroup("hello-tasks", {
    vpcId,
    description: "Tasks of the hello Express service: egress only, ingress managed by Express Mode",
    egress: [
      {
        protocol: "-1",
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ["0.0.0.0/0"],
        description: "Image pulls and AWS APIs",
      },
    ],
    tags,
  });
  const hello = new ExpressService("hello", {
    ...common,
    ...sleep,
    ecrImage: image("web"),
    containerPort: 8080,
    healthCheckPath: "/health",
    clusterArn: cluster,
    subnetIds: privateSubnetIds,
    securityGroupIds: [helloTasks.id],
    minCapacity: cfg.express.tasks.min,
    maxCapacity: cfg.express.tasks.max,
  });

  return {
    webUrl: web.loadBalancerDnsName,
    workerQueueUrl: worker.queueUrl,
    reportSchedule: report.scheduleArn,
    imageScanRule: onPush.ruleArn,
    legacyService: legacy.serviceName,
    ordersDnsName: ordersApi.dnsName,
    ordersService: orders.serviceName,
    helloUrl: hello.url,
  };
}
