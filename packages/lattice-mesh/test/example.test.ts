import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appMeshMigration } from "../examples/app-mesh-migration";
import { endToEnd } from "../examples/end-to-end";
import { json, plan } from "./helpers";

const root = join(__dirname, "..");

describe("README end-to-end example", () => {
  it.each(["end-to-end", "app-mesh-migration"])(
    "the README shows examples/%s.ts as a user imports it",
    (file) => {
      const squash = (text: string) => text.replace(/[\s,]+/g, "");
      const example = readFileSync(join(root, `examples/${file}.ts`), "utf8").replace(
        'from "../src"',
        'from "@berth/lattice-mesh"',
      );
      const readme = readFileSync(join(root, "README.md"), "utf8");
      const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => squash(m[1] ?? ""));
      expect(blocks).toContain(squash(example));
    },
  );

  it("puts a Fargate service and an EKS-hosted service behind one network with IAM auth and access logs", async () => {
    const g = await plan(endToEnd);

    // One service network, IAM auth with an organization-wide policy, access logs to CloudWatch.
    const network = g.one("aws:vpclattice/serviceNetwork:ServiceNetwork");
    expect(network.inputs["authType"]).toBe("AWS_IAM");
    expect(json(g.one("aws:vpclattice/authPolicy:AuthPolicy", "mesh-auth").inputs["policy"])).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "OrgOrganization",
          Effect: "Allow",
          Principal: "*",
          Action: ["vpc-lattice-svcs:Invoke"],
          Resource: ["*"],
          Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-a1b2c3d4e5"] } },
        },
      ],
    });
    const logGroup = g.one("aws:cloudwatch/logGroup:LogGroup", "mesh-access-logs");
    expect(logGroup.inputs["retentionInDays"]).toBe(90);
    expect(
      g.one("aws:vpclattice/accessLogSubscription:AccessLogSubscription", "mesh-access-log").inputs,
    ).toMatchObject({
      resourceIdentifier: network.outputs["arn"],
      destinationArn: logGroup.outputs["arn"],
    });

    // The Fargate side: ECS registers the tasks into the Lattice target group with its role.
    const tg = g.one("aws:vpclattice/targetGroup:TargetGroup", "orders-tg-stable");
    const ecsService = g.one("aws:ecs/service:Service");
    const latticeRole = g.one("aws:iam/role:Role", "orders-lattice");
    expect(ecsService.inputs["vpcLatticeConfigurations"]).toEqual([
      { targetGroupArn: tg.outputs["arn"], portName: "http", roleArn: latticeRole.outputs["arn"] },
    ]);
    expect(json(latticeRole.inputs["assumeRolePolicy"])).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs.amazonaws.com" },
          Action: ["sts:AssumeRole"],
          Condition: { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
        },
      ],
    });
    const attachments = g
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((a) => a.inputs["role"] === latticeRole.outputs["name"]);
    expect(attachments.map((a) => a.inputs["policyArn"])).toEqual([
      "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForVpcLattice",
    ]);
    expect(g.count("aws:iam/rolePolicy:RolePolicy")).toBeGreaterThan(0);
    expect(
      g
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .filter((p) => p.inputs["role"] === latticeRole.outputs["name"]),
    ).toEqual([]);
    const taskDefinition = json(
      g.one("aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"],
    ) as Array<{
      portMappings: Array<{ name: string; containerPort: number }>;
    }>;
    expect(taskDefinition[0]?.portMappings[0]).toMatchObject({ name: "http", containerPort: 8080 });
    expect(tg.inputs["config"]).toMatchObject({ port: 8080, protocol: "HTTP" });
    expect(
      g.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "orders-from-lattice").inputs,
    ).toMatchObject({
      securityGroupId: g.one("aws:ec2/securityGroup:SecurityGroup", "orders-sg").id,
      prefixListId: expect.stringMatching(/^pl-/),
      fromPort: 8080,
      toPort: 8080,
    });
    expect(
      g.one(
        "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation",
        "orders-sn-mesh",
      ).inputs["serviceNetworkIdentifier"],
    ).toBe(network.id);

    // The EKS side: the controller with its Pod Identity role, a Gateway named like the network,
    // an HTTPRoute and an IAM auth policy that admits only the orders tasks' role.
    const association = g.one(
      "aws:eks/podIdentityAssociation:PodIdentityAssociation",
      "lattice-pod-identity",
    );
    const controllerRole = g.one("aws:iam/role:Role", "lattice-role");
    expect(association.inputs).toMatchObject({
      namespace: "aws-application-networking-system",
      serviceAccount: "gateway-api-controller",
      roleArn: controllerRole.outputs["arn"],
    });
    const release = g.one("kubernetes:helm.sh/v3:Release", "lattice-chart");
    expect(release.inputs).toMatchObject({
      chart: "oci://public.ecr.aws/aws-application-networking-k8s/aws-gateway-controller-chart",
      version: "v2.1.3",
      namespace: "aws-application-networking-system",
      values: {
        serviceAccount: { create: true, name: "gateway-api-controller" },
        awsRegion: "us-east-1",
        awsAccountId: "123456789012",
        clusterVpcId: "vpc-0a1b2c3d4e5f67890",
      },
    });
    expect(g.dependsOn(release.urn, association.urn)).toBe(true);
    expect(json(controllerRole.inputs["assumeRolePolicy"])).toMatchObject({
      Statement: [
        {
          Condition: {
            ArnEquals: { "aws:SourceArn": ["arn:aws:eks:us-east-1:123456789012:cluster/apps-dev"] },
          },
        },
      ],
    });
    // The Gateway API CRDs are installed first: the chart and every Gateway API resource wait for them.
    const crds = g.one("kubernetes:yaml/v2:ConfigFile", "lattice-gateway-api-crds");
    expect(crds.inputs["file"]).toMatch(/upstream\/gateway-api-v1\.5\.1-standard-install\.yaml$/);
    expect(g.dependsOn(release.urn, crds.urn)).toBe(true);
    const gatewayClass = g.one("kubernetes:gateway.networking.k8s.io/v1:GatewayClass");
    for (const r of [gatewayClass, g.one("kubernetes:gateway.networking.k8s.io/v1:Gateway")]) {
      expect(g.dependsOn(r.urn, crds.urn)).toBe(true);
      expect(g.dependsOn(r.urn, release.urn)).toBe(true);
    }
    const gateway = g.one("kubernetes:gateway.networking.k8s.io/v1:Gateway");
    expect(gateway.inputs["metadata"]).toMatchObject({ name: network.outputs["name"] });
    expect(gateway.inputs["spec"]).toMatchObject({ gatewayClassName: "amazon-vpc-lattice" });
    expect(g.one("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute").inputs["spec"]).toMatchObject({
      parentRefs: [{ name: network.outputs["name"], sectionName: "http" }],
    });
    const iamAuth = g.one("kubernetes:application-networking.k8s.aws/v1alpha1:IAMAuthPolicy");
    const spec = iamAuth.inputs["spec"] as { policy: string };
    expect(json(spec.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "OrdersPrincipals",
          Effect: "Allow",
          Principal: { AWS: g.one("aws:iam/role:Role", "orders-task").outputs["arn"] },
          Action: ["vpc-lattice-svcs:Invoke"],
          Resource: ["*"],
        },
      ],
    });
  });

  it("also plans as a preview, before any id is known", async () => {
    const g = await plan(endToEnd, { preview: true });
    expect(g.count("aws:vpclattice/targetGroup:TargetGroup")).toBe(1);
    expect(g.count("aws:ecs/service:Service")).toBe(1);
  });

  it("the App Mesh migration example plans: weighted default action, rules, IAM auth on the caller role", async () => {
    const g = await plan(appMeshMigration);
    const v1 = g.one("aws:vpclattice/targetGroup:TargetGroup", "payments-tg-v1");
    const v2 = g.one("aws:vpclattice/targetGroup:TargetGroup", "payments-tg-v2");
    expect(v1.inputs["config"]).toMatchObject({ protocolVersion: "HTTP2", healthCheck: { path: "/ping" } });
    expect(g.one("aws:vpclattice/listener:Listener").inputs["defaultAction"]).toEqual({
      forwards: [
        {
          targetGroups: [
            { targetGroupIdentifier: v1.id, weight: 90 },
            { targetGroupIdentifier: v2.id, weight: 10 },
          ],
        },
      ],
    });
    expect(g.count("aws:vpclattice/listenerRule:ListenerRule")).toBe(2);
    const svc = g.one("aws:vpclattice/service:Service");
    expect(json(g.one("aws:vpclattice/authPolicy:AuthPolicy", "payments-auth").inputs["policy"])).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CheckoutPrincipals",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/checkout-task" },
          Action: ["vpc-lattice-svcs:Invoke"],
          Resource: [`${svc.outputs["arn"]}/*`],
          Condition: { StringEquals: { "vpc-lattice-svcs:RequestMethod": ["GET", "POST"] } },
        },
      ],
    });
  });
});
