import type { MockContext, ResourceMock, ResourceMockArgs } from "./context";
import { hex, num, uuid } from "./hash";

/**
 * Realistic outputs for the AWS resource types Berth creates. A real create returns the inputs
 * plus computed properties; each entry here computes the latter, deterministically from the URN,
 * so two runs of the same program give the same graph.
 *
 * To support a new type, add an entry keyed by its type token (`aws:<module>/<x>:<Type>`). Types
 * without an entry get {@link genericOutputs}: an id, an ARN in the service's usual shape and, for
 * named resources, the auto-name Pulumi would give.
 */

const s = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The physical name Pulumi auto-naming would give: `<logical>-<7 hex>`. */
export function autoName(a: ResourceMockArgs, max = 255, lower = false): string {
  const given = s(a.inputs["name"]);
  if (given) return given;
  const prefix = s(a.inputs["namePrefix"]);
  const base = prefix ?? `${a.name}-`;
  let n = `${base}${hex(a.urn, 7)}`;
  if (lower) n = n.toLowerCase();
  return n.length > max ? n.slice(0, max) : n;
}

function arn(ctx: MockContext, service: string, resource: string, global = false): string {
  return `arn:${ctx.partition}:${service}:${global ? "" : ctx.region}:${ctx.accountId}:${resource}`;
}

const prefixed = (prefix: string) => (a: ResourceMockArgs) => `${prefix}-${hex(a.urn, 17)}`;

/** Outputs for any type without its own entry. */
export function genericOutputs(a: ResourceMockArgs): Record<string, unknown> {
  const [pkg, mod] = a.type.split(":");
  const service = (mod ?? "").split("/")[0] ?? "unknown";
  const kind = (a.type.split(":")[2] ?? "resource").toLowerCase();
  const name = autoName(a);
  if (pkg !== "aws") return { id: `${a.name}-${hex(a.urn, 8)}` };
  return { id: `${name}`, arn: arn(a.ctx, service, `${kind}/${name}`), name };
}

const ecsCluster: ResourceMock = (a) => {
  const name = autoName(a);
  return { id: arn(a.ctx, "ecs", `cluster/${name}`), arn: arn(a.ctx, "ecs", `cluster/${name}`), name };
};

const lbName = (a: ResourceMockArgs) => autoName(a, 32);

export const resourceMocks: Record<string, ResourceMock> = {
  // --- IAM (global service) ---
  "aws:iam/role:Role": (a) => {
    const name = autoName(a, 64);
    const path = s(a.inputs["path"]) ?? "/";
    return {
      id: name,
      name,
      arn: arn(a.ctx, "iam", `role${path}${name}`, true),
      uniqueId: `AROA${hex(a.urn, 17).toUpperCase()}`,
      createDate: "2026-01-01T00:00:00Z",
    };
  },
  "aws:iam/policy:Policy": (a) => {
    const name = autoName(a, 128);
    const a2 = arn(a.ctx, "iam", `policy/${name}`, true);
    return { id: a2, name, arn: a2, policyId: `ANPA${hex(a.urn, 17).toUpperCase()}` };
  },
  "aws:iam/instanceProfile:InstanceProfile": (a) => {
    const name = autoName(a, 128);
    return {
      id: name,
      name,
      arn: arn(a.ctx, "iam", `instance-profile/${name}`, true),
      uniqueId: `AIPA${hex(a.urn, 17).toUpperCase()}`,
    };
  },
  "aws:iam/rolePolicy:RolePolicy": (a) => ({
    id: `${s(a.inputs["role"]) ?? "role"}:${autoName(a)}`,
    name: autoName(a),
  }),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (a) => ({
    id: `${s(a.inputs["role"]) ?? "role"}-${hex(a.urn, 8)}`,
  }),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (a) => {
    const url = (s(a.inputs["url"]) ?? "").replace(/^https:\/\//, "");
    const a2 = arn(a.ctx, "iam", `oidc-provider/${url}`, true);
    return { id: a2, arn: a2 };
  },
  "aws:iam/serviceLinkedRole:ServiceLinkedRole": (a) => {
    const svc = s(a.inputs["awsServiceName"]) ?? "service.amazonaws.com";
    const name = `AWSServiceRoleFor${svc.split(".")[0]}`;
    return { id: name, name, arn: arn(a.ctx, "iam", `role/aws-service-role/${svc}/${name}`, true) };
  },

  // --- ECS ---
  "aws:ecs/cluster:Cluster": ecsCluster,
  "aws:ecs/service:Service": (a) => {
    const name = autoName(a);
    const cluster = (s(a.inputs["cluster"]) ?? "default").split("/").pop();
    return {
      id: arn(a.ctx, "ecs", `service/${cluster}/${name}`),
      name,
      arn: arn(a.ctx, "ecs", `service/${cluster}/${name}`),
    };
  },
  "aws:ecs/taskDefinition:TaskDefinition": (a) => {
    const family = s(a.inputs["family"]) ?? autoName(a);
    const a2 = arn(a.ctx, "ecs", `task-definition/${family}:1`);
    return {
      id: family,
      arn: a2,
      arnWithoutRevision: arn(a.ctx, "ecs", `task-definition/${family}`),
      revision: 1,
      family,
    };
  },
  "aws:ecs/capacityProvider:CapacityProvider": (a) => {
    const name = autoName(a);
    const a2 = arn(a.ctx, "ecs", `capacity-provider/${name}`);
    return { id: a2, arn: a2, name };
  },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": (a) => ({
    id: s(a.inputs["clusterName"]) ?? a.name,
  }),
  "aws:ecs/expressGatewayService:ExpressGatewayService": (a) => {
    const name = s(a.inputs["serviceName"]) ?? autoName(a);
    const cluster = (s(a.inputs["cluster"]) ?? "default").split("/").pop();
    const svcArn = arn(a.ctx, "ecs", `service/${cluster}/${name}`);
    return {
      id: svcArn,
      serviceArn: svcArn,
      serviceName: name,
      serviceRevisionArn: `${svcArn}/${num(a.urn, 1e9)}`,
      ingressPaths: [{ accessType: "PUBLIC", endpoint: `https://${name}.ecs.${a.ctx.region}.on.aws` }],
    };
  },

  // --- ECR ---
  "aws:ecr/repository:Repository": (a) => {
    const name = autoName(a, 256, true);
    return {
      id: name,
      name,
      arn: arn(a.ctx, "ecr", `repository/${name}`),
      registryId: a.ctx.accountId,
      repositoryUrl: `${a.ctx.accountId}.dkr.ecr.${a.ctx.region}.amazonaws.com/${name}`,
    };
  },
  "aws:ecrpublic/repository:Repository": (a) => {
    const name = s(a.inputs["repositoryName"]) ?? autoName(a, 205, true);
    return {
      id: name,
      repositoryName: name,
      arn: `arn:${a.ctx.partition}:ecr-public::${a.ctx.accountId}:repository/${name}`,
      registryId: a.ctx.accountId,
      repositoryUri: `public.ecr.aws/${hex(a.ctx.accountId, 8)}/${name}`,
    };
  },
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": (a) => ({
    id: s(a.inputs["repository"]) ?? a.name,
    registryId: a.ctx.accountId,
  }),
  "aws:ecr/repositoryPolicy:RepositoryPolicy": (a) => ({
    id: s(a.inputs["repository"]) ?? a.name,
    registryId: a.ctx.accountId,
  }),
  "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": (a) => ({
    id: s(a.inputs["ecrRepositoryPrefix"]) ?? a.name,
    registryId: a.ctx.accountId,
  }),
  "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": (a) => ({
    id: s(a.inputs["prefix"]) ?? a.name,
    registryId: a.ctx.accountId,
  }),
  "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": (a) => ({
    id: a.ctx.accountId,
    registryId: a.ctx.accountId,
  }),
  "aws:ecr/replicationConfiguration:ReplicationConfiguration": (a) => ({
    id: a.ctx.accountId,
    registryId: a.ctx.accountId,
  }),
  "aws:ecr/registryPolicy:RegistryPolicy": (a) => ({ id: a.ctx.accountId, registryId: a.ctx.accountId }),

  // --- Load balancing ---
  "aws:lb/loadBalancer:LoadBalancer": (a) => {
    const name = lbName(a);
    const kind = s(a.inputs["loadBalancerType"]) === "network" ? "net" : "app";
    const suffix = `${kind}/${name}/${hex(a.urn, 16)}`;
    const internal = a.inputs["internal"] === true ? "internal-" : "";
    return {
      id: arn(a.ctx, "elasticloadbalancing", `loadbalancer/${suffix}`),
      arn: arn(a.ctx, "elasticloadbalancing", `loadbalancer/${suffix}`),
      arnSuffix: suffix,
      name,
      dnsName: `${internal}${name}-${num(a.urn, 1e9)}.${a.ctx.region}.elb.amazonaws.com`,
      zoneId: "Z35SXDOTRQ7X7K",
    };
  },
  "aws:lb/targetGroup:TargetGroup": (a) => {
    const name = lbName(a);
    const suffix = `targetgroup/${name}/${hex(a.urn, 16)}`;
    const a2 = arn(a.ctx, "elasticloadbalancing", suffix);
    return { id: a2, arn: a2, arnSuffix: suffix, name };
  },
  "aws:lb/listener:Listener": (a) => {
    const a2 = arn(
      a.ctx,
      "elasticloadbalancing",
      `listener/app/lb/${hex(a.urn, 16)}/${hex(`${a.urn}l`, 16)}`,
    );
    return { id: a2, arn: a2 };
  },
  "aws:lb/listenerRule:ListenerRule": (a) => {
    const a2 = arn(
      a.ctx,
      "elasticloadbalancing",
      `listener-rule/app/lb/${hex(a.urn, 16)}/${hex(`${a.urn}r`, 16)}`,
    );
    return { id: a2, arn: a2 };
  },

  // --- EC2 / VPC ---
  "aws:ec2/vpc:Vpc": (a) => {
    const id = prefixed("vpc")(a);
    return {
      id,
      arn: arn(a.ctx, "ec2", `vpc/${id}`),
      defaultSecurityGroupId: `sg-${hex(`${a.urn}sg`, 17)}`,
      mainRouteTableId: `rtb-${hex(`${a.urn}rt`, 17)}`,
      ownerId: a.ctx.accountId,
    };
  },
  "aws:ec2/subnet:Subnet": (a) => {
    const id = prefixed("subnet")(a);
    return { id, arn: arn(a.ctx, "ec2", `subnet/${id}`), ownerId: a.ctx.accountId };
  },
  "aws:ec2/securityGroup:SecurityGroup": (a) => {
    const id = prefixed("sg")(a);
    return {
      id,
      arn: arn(a.ctx, "ec2", `security-group/${id}`),
      name: autoName(a, 255),
      ownerId: a.ctx.accountId,
    };
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (a) => {
    const id = prefixed("sgr")(a);
    return { id, arn: arn(a.ctx, "ec2", `security-group-rule/${id}`), securityGroupRuleId: id };
  },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (a) => {
    const id = prefixed("sgr")(a);
    return { id, arn: arn(a.ctx, "ec2", `security-group-rule/${id}`), securityGroupRuleId: id };
  },
  "aws:ec2/launchTemplate:LaunchTemplate": (a) => {
    const id = prefixed("lt")(a);
    return {
      id,
      arn: arn(a.ctx, "ec2", `launch-template/${id}`),
      latestVersion: 1,
      defaultVersion: 1,
      name: autoName(a, 128),
    };
  },
  "aws:ec2/natGateway:NatGateway": (a) => ({
    id: prefixed("nat")(a),
    publicIp: `52.${num(a.urn, 255)}.${num(`${a.urn}b`, 255)}.${num(`${a.urn}c`, 255)}`,
  }),
  "aws:ec2/eip:Eip": (a) => ({
    id: prefixed("eipalloc")(a),
    allocationId: prefixed("eipalloc")(a),
    publicIp: `3.${num(a.urn, 255)}.${num(`${a.urn}b`, 255)}.${num(`${a.urn}c`, 255)}`,
  }),
  "aws:ec2/internetGateway:InternetGateway": (a) => ({ id: prefixed("igw")(a) }),
  "aws:ec2/routeTable:RouteTable": (a) => ({ id: prefixed("rtb")(a) }),
  "aws:ec2/vpcEndpoint:VpcEndpoint": (a) => {
    const id = prefixed("vpce")(a);
    return { id, arn: arn(a.ctx, "ec2", `vpc-endpoint/${id}`), prefixListId: `pl-${hex(a.urn, 8)}` };
  },
  "aws:ec2/flowLog:FlowLog": (a) => {
    const id = prefixed("fl")(a);
    return { id, arn: arn(a.ctx, "ec2", `vpc-flow-log/${id}`) };
  },

  // --- Auto Scaling ---
  "aws:autoscaling/group:Group": (a) => {
    const name = autoName(a);
    return {
      id: name,
      name,
      arn: arn(a.ctx, "autoscaling", `autoScalingGroup:${uuid(a.urn)}:autoScalingGroupName/${name}`),
    };
  },
  "aws:appautoscaling/target:Target": (a) => ({
    id: s(a.inputs["resourceId"]) ?? a.name,
    arn: arn(a.ctx, "application-autoscaling", `scalable-target/${hex(a.urn, 20)}`),
  }),
  "aws:appautoscaling/policy:Policy": (a) => {
    const name = s(a.inputs["name"]) ?? a.name;
    return {
      id: name,
      name,
      arn: arn(
        a.ctx,
        "autoscaling",
        `scalingPolicy:${uuid(a.urn)}:resource/${s(a.inputs["resourceId"]) ?? ""}:policyName/${name}`,
      ),
      alarmArns: [],
    };
  },

  // --- CloudWatch, EventBridge, Scheduler ---
  "aws:cloudwatch/logGroup:LogGroup": (a) => {
    const name = autoName(a, 512);
    return { id: name, name, arn: arn(a.ctx, "logs", `log-group:${name}`) };
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": (a) => {
    const name = autoName(a);
    return { id: name, name, arn: arn(a.ctx, "cloudwatch", `alarm:${name}`) };
  },
  "aws:cloudwatch/eventRule:EventRule": (a) => {
    const name = autoName(a, 64);
    return { id: name, name, arn: arn(a.ctx, "events", `rule/${name}`) };
  },
  "aws:cloudwatch/eventTarget:EventTarget": (a) => ({
    id: `${s(a.inputs["rule"]) ?? "rule"}-${s(a.inputs["targetId"]) ?? hex(a.urn, 8)}`,
    targetId: s(a.inputs["targetId"]) ?? hex(a.urn, 20),
  }),
  "aws:scheduler/schedule:Schedule": (a) => {
    const name = autoName(a, 64);
    const group = s(a.inputs["groupName"]) ?? "default";
    return { id: `${group}/${name}`, name, arn: arn(a.ctx, "scheduler", `schedule/${group}/${name}`) };
  },
  "aws:scheduler/scheduleGroup:ScheduleGroup": (a) => {
    const name = autoName(a, 64);
    return { id: name, name, arn: arn(a.ctx, "scheduler", `schedule-group/${name}`) };
  },

  // --- Messaging, secrets, keys ---
  "aws:sqs/queue:Queue": (a) => {
    const fifo = a.inputs["fifoQueue"] === true;
    const name = s(a.inputs["name"]) ?? `${a.name}-${hex(a.urn, 7)}${fifo ? ".fifo" : ""}`;
    const url = `https://sqs.${a.ctx.region}.amazonaws.com/${a.ctx.accountId}/${name}`;
    return { id: url, url, name, arn: arn(a.ctx, "sqs", name) };
  },
  "aws:sqs/queuePolicy:QueuePolicy": (a) => ({ id: s(a.inputs["queueUrl"]) ?? a.name }),
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": (a) => ({ id: s(a.inputs["queueUrl"]) ?? a.name }),
  "aws:secretsmanager/secret:Secret": (a) => {
    const name = autoName(a, 512);
    const a2 = arn(a.ctx, "secretsmanager", `secret:${name}-${hex(a.urn, 6)}`);
    return { id: a2, arn: a2, name };
  },
  "aws:ssm/parameter:Parameter": (a) => {
    const name = autoName(a, 1011);
    return {
      id: name,
      name,
      arn: arn(a.ctx, "ssm", `parameter${name.startsWith("/") ? "" : "/"}${name}`),
      version: 1,
    };
  },
  "aws:kms/key:Key": (a) => {
    const id = uuid(a.urn);
    return { id, keyId: id, arn: arn(a.ctx, "kms", `key/${id}`) };
  },
  "aws:kms/alias:Alias": (a) => {
    const name = s(a.inputs["name"]) ?? `alias/${a.name}`;
    return { id: name, name, arn: arn(a.ctx, "kms", name), targetKeyArn: s(a.inputs["targetKeyId"]) };
  },

  // --- EFS ---
  "aws:efs/fileSystem:FileSystem": (a) => {
    const id = prefixed("fs")(a);
    return {
      id,
      arn: arn(a.ctx, "elasticfilesystem", `file-system/${id}`),
      dnsName: `${id}.efs.${a.ctx.region}.amazonaws.com`,
      ownerId: a.ctx.accountId,
    };
  },
  "aws:efs/accessPoint:AccessPoint": (a) => {
    const id = prefixed("fsap")(a);
    return {
      id,
      arn: arn(a.ctx, "elasticfilesystem", `access-point/${id}`),
      fileSystemArn: arn(a.ctx, "elasticfilesystem", `file-system/${s(a.inputs["fileSystemId"]) ?? "fs"}`),
    };
  },
  "aws:efs/mountTarget:MountTarget": (a) => ({
    id: prefixed("fsmt")(a),
    networkInterfaceId: prefixed("eni")(a),
  }),

  // --- Service discovery ---
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": (a) => {
    const id = prefixed("ns")(a);
    return {
      id,
      arn: arn(a.ctx, "servicediscovery", `namespace/${id}`),
      hostedZone: `Z${hex(a.urn, 13).toUpperCase()}`,
    };
  },
  "aws:servicediscovery/httpNamespace:HttpNamespace": (a) => {
    const id = prefixed("ns")(a);
    return { id, arn: arn(a.ctx, "servicediscovery", `namespace/${id}`), httpName: s(a.inputs["name"]) };
  },
  "aws:servicediscovery/service:Service": (a) => {
    const id = prefixed("srv")(a);
    return { id, arn: arn(a.ctx, "servicediscovery", `service/${id}`), name: autoName(a) };
  },

  // --- EKS ---
  "aws:eks/cluster:Cluster": (a) => {
    const name = autoName(a, 100);
    const id = hex(a.urn, 32).toUpperCase();
    return {
      id: name,
      name,
      arn: arn(a.ctx, "eks", `cluster/${name}`),
      endpoint: `https://${id}.gr7.${a.ctx.region}.eks.amazonaws.com`,
      certificateAuthority: { data: Buffer.from(`mock-ca-${a.urn}`).toString("base64") },
      identities: [{ oidcs: [{ issuer: `https://oidc.eks.${a.ctx.region}.amazonaws.com/id/${id}` }] }],
      status: "ACTIVE",
      platformVersion: "eks.1",
    };
  },
  "aws:eks/nodeGroup:NodeGroup": (a) => {
    const name = s(a.inputs["nodeGroupName"]) ?? autoName(a, 63);
    const id = uuid(a.urn);
    return {
      id: `${s(a.inputs["clusterName"]) ?? "cluster"}:${name}`,
      nodeGroupName: name,
      arn: arn(a.ctx, "eks", `nodegroup/${s(a.inputs["clusterName"]) ?? "cluster"}/${name}/${id}`),
      status: "ACTIVE",
      // DescribeNodegroup `resources.autoScalingGroups[].name`: EKS names the group's Auto Scaling
      // group `eks-<node group name>-<node group id>`, the id being the UUID ending the ARN.
      resources: [{ autoscalingGroups: [{ name: `eks-${name}-${id}` }] }],
    };
  },
  "aws:eks/addon:Addon": (a) => {
    const cluster = s(a.inputs["clusterName"]) ?? "cluster";
    const addon = s(a.inputs["addonName"]) ?? a.name;
    return {
      id: `${cluster}:${addon}`,
      arn: arn(a.ctx, "eks", `addon/${cluster}/${addon}/${uuid(a.urn)}`),
      addonVersion: s(a.inputs["addonVersion"]) ?? "v1.0.0-eksbuild.1",
    };
  },
  "aws:eks/fargateProfile:FargateProfile": (a) => {
    const cluster = s(a.inputs["clusterName"]) ?? "cluster";
    const name = s(a.inputs["fargateProfileName"]) ?? autoName(a, 63);
    return {
      id: `${cluster}:${name}`,
      fargateProfileName: name,
      arn: arn(a.ctx, "eks", `fargateprofile/${cluster}/${name}/${uuid(a.urn)}`),
      status: "ACTIVE",
    };
  },
  "aws:eks/accessEntry:AccessEntry": (a) => ({
    id: `${s(a.inputs["clusterName"]) ?? "cluster"}:${s(a.inputs["principalArn"]) ?? a.name}`,
    accessEntryArn: arn(a.ctx, "eks", `access-entry/${uuid(a.urn)}`),
  }),
  "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": (a) => ({
    id: `${s(a.inputs["clusterName"]) ?? "cluster"}#${hex(a.urn, 8)}`,
  }),
  "aws:eks/podIdentityAssociation:PodIdentityAssociation": (a) => {
    const id = `a-${hex(a.urn, 17)}`;
    return {
      id,
      associationId: id,
      associationArn: arn(
        a.ctx,
        "eks",
        `podidentityassociation/${s(a.inputs["clusterName"]) ?? "cluster"}/${id}`,
      ),
    };
  },

  // The remote awsx VPC component: under mocks only it registers. Answers with the ids its provider
  // would compute: one subnet per AZ for each subnet spec (default: private and public).
  "awsx:ec2:Vpc": (a) => {
    const azNames = Array.isArray(a.inputs["availabilityZoneNames"])
      ? (a.inputs["availabilityZoneNames"] as unknown[]).map(String)
      : undefined;
    const azCount =
      azNames?.length ??
      (typeof a.inputs["numberOfAvailabilityZones"] === "number"
        ? (a.inputs["numberOfAvailabilityZones"] as number)
        : 3);
    const specs = Array.isArray(a.inputs["subnetSpecs"])
      ? (a.inputs["subnetSpecs"] as Array<Record<string, unknown>>)
      : [{ type: "Private" }, { type: "Public" }];
    const ids = (kind: string) =>
      specs
        .filter((sp) => sp["type"] === kind)
        .flatMap((_sp, j) =>
          Array.from({ length: azCount }, (_x, i) => `subnet-${hex(`${a.urn}${kind}${j}${i}`, 17)}`),
        );
    const natStrategy = s((a.inputs["natGateways"] as Record<string, unknown> | undefined)?.["strategy"]);
    const hasPrivate = specs.some((sp) => sp["type"] === "Private");
    const nats = !hasPrivate || natStrategy === "None" ? 0 : natStrategy === "Single" ? 1 : azCount;
    return {
      vpcId: `vpc-${hex(a.urn, 17)}`,
      publicSubnetIds: ids("Public"),
      privateSubnetIds: ids("Private"),
      isolatedSubnetIds: ids("Isolated"),
      natGatewayIds: Array.from({ length: nats }, (_x, i) => `nat-${hex(`${a.urn}nat${i}`, 17)}`),
      availabilityZoneNames:
        azNames ?? Array.from({ length: azCount }, (_x, i) => `${a.ctx.region}${"abcdef"[i] ?? "a"}`),
    };
  },

  // The remote pulumi-eks component: under mocks only it registers, so it answers with the
  // outputs its provider would compute (the aws.eks.Cluster it wraps, kubeconfig, OIDC, roles).
  "eks:index:Cluster": (a) => {
    const name = s(a.inputs["name"]) ?? `${a.name}-eksCluster-${hex(a.urn, 7)}`;
    const id = hex(a.urn, 32).toUpperCase();
    const endpoint = `https://${id}.gr7.${a.ctx.region}.eks.amazonaws.com`;
    const issuerHost = `oidc.eks.${a.ctx.region}.amazonaws.com/id/${id}`;
    const caData = Buffer.from(`mock-ca-${a.urn}`).toString("base64");
    const clusterSg = `sg-${hex(`${a.urn}csg`, 17)}`;
    const autoMode = (a.inputs["autoMode"] ?? {}) as Record<string, unknown>;
    const oidc = a.inputs["createOidcProvider"] === true;
    const kubeconfig = {
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: "kubernetes", cluster: { server: endpoint, "certificate-authority-data": caData } }],
      contexts: [{ name: "aws", context: { cluster: "kubernetes", user: "aws" } }],
      "current-context": "aws",
      users: [
        {
          name: "aws",
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "aws",
              args: [
                "eks",
                "get-token",
                "--cluster-name",
                name,
                "--region",
                a.ctx.region,
                "--output",
                "json",
              ],
            },
          },
        },
      ],
    };
    const eksCluster = {
      id: name,
      name,
      arn: arn(a.ctx, "eks", `cluster/${name}`),
      endpoint,
      version: s(a.inputs["version"]) ?? "1.35",
      platformVersion: "eks.1",
      status: "ACTIVE",
      certificateAuthority: { data: caData },
      identities: [{ oidcs: [{ issuer: `https://${issuerHost}` }] }],
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" },
      vpcConfig: {
        clusterSecurityGroupId: clusterSg,
        vpcId: s(a.inputs["vpcId"]) ?? "vpc-default",
        subnetIds: (a.inputs["subnetIds"] ?? a.inputs["privateSubnetIds"] ?? []) as unknown,
      },
    };
    return {
      eksCluster,
      kubeconfig,
      kubeconfigJson: JSON.stringify(kubeconfig),
      clusterSecurityGroupId:
        a.inputs["skipDefaultSecurityGroups"] === true ? clusterSg : `sg-${hex(`${a.urn}pcsg`, 17)}`,
      nodeSecurityGroupId:
        a.inputs["skipDefaultSecurityGroups"] === true ? "" : `sg-${hex(`${a.urn}nsg`, 17)}`,
      oidcProviderArn: oidc ? arn(a.ctx, "iam", `oidc-provider/${issuerHost}`, true) : "",
      oidcProviderUrl: `https://${issuerHost}`,
      oidcIssuer: issuerHost,
      instanceRoles: [],
      autoModeNodeRoleName:
        autoMode["enabled"] === true && autoMode["createNodeRole"] !== false
          ? `${a.name}-autoModeNodeRole-${hex(a.urn, 7)}`
          : "",
      defaultNodeGroupAsgName: "",
      fargateProfileId: "",
      fargateProfileStatus: "",
      core: { endpoint, cluster: eksCluster, vpcId: eksCluster.vpcConfig.vpcId },
    };
  },

  // --- VPC Lattice ---
  "aws:vpclattice/serviceNetwork:ServiceNetwork": (a) => {
    const id = prefixed("sn")(a);
    return { id, arn: arn(a.ctx, "vpc-lattice", `servicenetwork/${id}`), name: autoName(a, 63, true) };
  },
  "aws:vpclattice/service:Service": (a) => {
    const id = prefixed("svc")(a);
    const name = autoName(a, 40, true);
    return {
      id,
      arn: arn(a.ctx, "vpc-lattice", `service/${id}`),
      name,
      dnsEntries: [
        {
          domainName: `${name}-${hex(a.urn, 14)}.${hex(`${a.urn}d`, 4)}.vpc-lattice-svcs.${a.ctx.region}.on.aws`,
          hostedZoneId: "Z0123456789ABCDEFGHIJ",
        },
      ],
      status: "ACTIVE",
    };
  },
  "aws:vpclattice/targetGroup:TargetGroup": (a) => {
    const id = prefixed("tg")(a);
    return {
      id,
      arn: arn(a.ctx, "vpc-lattice", `targetgroup/${id}`),
      name: autoName(a, 128, true),
      status: "ACTIVE",
    };
  },
  "aws:vpclattice/listener:Listener": (a) => {
    const id = prefixed("listener")(a);
    const svc = s(a.inputs["serviceIdentifier"]) ?? "svc";
    return {
      id: `${svc}/${id}`,
      listenerId: id,
      arn: arn(a.ctx, "vpc-lattice", `service/${svc}/listener/${id}`),
    };
  },
  "aws:vpclattice/listenerRule:ListenerRule": (a) => {
    const id = prefixed("rule")(a);
    return { id, ruleId: id, arn: arn(a.ctx, "vpc-lattice", `rule/${id}`) };
  },
  "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation": (a) => {
    const id = prefixed("snva")(a);
    return { id, arn: arn(a.ctx, "vpc-lattice", `servicenetworkvpcassociation/${id}`), status: "ACTIVE" };
  },
  "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation": (a) => {
    const id = prefixed("snsa")(a);
    return { id, arn: arn(a.ctx, "vpc-lattice", `servicenetworkserviceassociation/${id}`), status: "ACTIVE" };
  },
  "aws:vpclattice/accessLogSubscription:AccessLogSubscription": (a) => {
    const id = prefixed("als")(a);
    return { id, arn: arn(a.ctx, "vpc-lattice", `accesslogsubscription/${id}`) };
  },
  "aws:vpclattice/authPolicy:AuthPolicy": (a) => ({
    id: s(a.inputs["resourceIdentifier"]) ?? a.name,
    state: "Active",
  }),

  // --- Other ---
  "aws:acm/certificate:Certificate": (a) => {
    const a2 = arn(a.ctx, "acm", `certificate/${uuid(a.urn)}`);
    return { id: a2, arn: a2, status: "ISSUED" };
  },
  "aws:ram/resourceShare:ResourceShare": (a) => {
    const a2 = arn(a.ctx, "ram", `resource-share/${uuid(a.urn)}`);
    return { id: a2, arn: a2 };
  },
  "aws:s3/bucket:Bucket": (a) => {
    const bucket = s(a.inputs["bucket"]) ?? autoName(a, 63, true);
    return {
      id: bucket,
      bucket,
      arn: `arn:${a.ctx.partition}:s3:::${bucket}`,
      bucketDomainName: `${bucket}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket}.s3.${a.ctx.region}.amazonaws.com`,
    };
  },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (a) => {
    const name = autoName(a, 64);
    return {
      id: arn(a.ctx, "firehose", `deliverystream/${name}`),
      name,
      arn: arn(a.ctx, "firehose", `deliverystream/${name}`),
    };
  },
  "aws:lambda/function:Function": (a) => {
    const name = autoName(a, 64);
    return {
      id: name,
      name,
      arn: arn(a.ctx, "lambda", `function:${name}`),
      invokeArn: `arn:${a.ctx.partition}:apigateway:${a.ctx.region}:lambda:path/2015-03-31/functions/${arn(a.ctx, "lambda", `function:${name}`)}/invocations`,
      version: "$LATEST",
    };
  },
  "aws:backup/plan:Plan": (a) => ({
    id: uuid(a.urn),
    arn: arn(a.ctx, "backup", `backup-plan:${uuid(a.urn)}`),
    version: hex(a.urn, 32),
  }),
  "aws:backup/vault:Vault": (a) => {
    const name = autoName(a, 50);
    return { id: name, name, arn: arn(a.ctx, "backup", `backup-vault:${name}`) };
  },
};

// The aws.alb module holds the same resources as aws.lb under older type tokens.
for (const kind of [
  "loadBalancer:LoadBalancer",
  "targetGroup:TargetGroup",
  "listener:Listener",
  "listenerRule:ListenerRule",
])
  resourceMocks[`aws:alb/${kind}`] = resourceMocks[`aws:lb/${kind}`] as ResourceMock;

/**
 * The outputs of a created resource: its inputs, then the computed properties of its type (or
 * the generic ones), then `urn`. Components echo their registered outputs, not these.
 */
export function outputsFor(
  args: ResourceMockArgs,
  extra: Record<string, ResourceMock> = {},
): { id: string; state: Record<string, unknown> } {
  const mock = extra[args.type] ?? resourceMocks[args.type] ?? genericOutputs;
  const computed = mock(args);
  const id =
    typeof computed["id"] === "string" ? (computed["id"] as string) : `${args.name}-${hex(args.urn, 8)}`;
  const { id: _omit, ...rest } = computed;
  return { id, state: { ...args.inputs, ...rest } };
}
