import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  checkContainers,
  collectRepositories,
  collectSecretArns,
  ecrRepositoryArn,
  executionRoleStatements,
  renderContainerDefinitions,
  renderPolicyDocumentFor,
  secretValueFrom,
  taskRoleStatements,
} from "./units";

describe("renderContainerDefinitions", () => {
  it("renders the JSON ECS expects, with secure defaults and non-blocking awslogs", () => {
    const defs = renderContainerDefinitions(
      [
        {
          name: "app",
          ecrImage: {
            repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web",
            arn: "arn:x",
            digest: "sha256:abc",
          },
          cpu: 256,
          memoryReservation: 256,
          portMappings: [{ containerPort: 8080, name: "http", appProtocol: "http" }],
          environment: { Z: "1", A: "2" },
          secrets: {
            DB: {
              secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
              jsonKey: "password",
            },
            TOKEN: { parameterArn: "arn:aws:ssm:us-east-1:123456789012:parameter/token" },
          },
          healthCheck: { command: ["CMD-SHELL", "true"] },
          stopTimeout: 60,
          user: "1000",
          mountPoints: [{ sourceVolume: "data", containerPath: "/data" }],
          initProcessEnabled: true,
        },
      ],
      { logGroupName: "/ecs/web", region: "eu-west-1" },
    );
    expect(defs).toEqual([
      {
        name: "app",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:abc",
        essential: true,
        readonlyRootFilesystem: true,
        cpu: 256,
        memoryReservation: 256,
        portMappings: [
          { containerPort: 8080, hostPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" },
        ],
        environment: [
          { name: "A", value: "2" },
          { name: "Z", value: "1" },
        ],
        secrets: [
          {
            name: "DB",
            valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::",
          },
          { name: "TOKEN", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/token" },
        ],
        healthCheck: { command: ["CMD-SHELL", "true"], interval: 30, timeout: 5, retries: 3, startPeriod: 0 },
        stopTimeout: 60,
        user: "1000",
        mountPoints: [{ sourceVolume: "data", containerPath: "/data", readOnly: false }],
        volumesFrom: [],
        linuxParameters: { initProcessEnabled: true },
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": "/ecs/web",
            "awslogs-region": "eu-west-1",
            "awslogs-stream-prefix": "ecs",
            mode: "non-blocking",
            "max-buffer-size": "25m",
          },
        },
      },
    ]);
  });

  it("pins Secrets Manager versions in valueFrom", () => {
    expect(secretValueFrom({ secretArn: "arn:s", versionStage: "AWSPREVIOUS" })).toBe("arn:s::AWSPREVIOUS:");
    expect(secretValueFrom({ secret: { arn: "arn:s" } })).toBe("arn:s");
    expect(secretValueFrom({ parameter: { arn: "arn:p" } })).toBe("arn:p");
  });
});

describe("least privilege inputs", () => {
  it("derives repository ARNs from ECR image URLs and ECR image objects only", async () => {
    expect(ecrRepositoryArn("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.0")).toBe(
      "arn:aws:ecr:eu-west-1:123456789012:repository/team/api",
    );
    expect(ecrRepositoryArn("public.ecr.aws/nginx/nginx:1.27")).toBeUndefined();
    expect(ecrRepositoryArn("nginx:1.27")).toBeUndefined();
    const repos = await new Promise<string[]>((resolve) =>
      collectRepositories([
        { name: "a", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1" },
        { name: "b", image: "docker.io/library/redis:7" },
        {
          name: "c",
          ecrImage: {
            repositoryUrl: "x",
            arn: pulumi.output("arn:aws:ecr:us-east-1:123456789012:repository/c"),
          },
        },
        { name: "d", image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/a@sha256:1" },
      ]).apply(resolve),
    );
    expect(repos).toEqual([
      "arn:aws:ecr:us-east-1:123456789012:repository/a",
      "arn:aws:ecr:us-east-1:123456789012:repository/c",
    ]);
  });

  it("collects each secret and parameter once", () => {
    const { secretArns, parameterArns } = collectSecretArns([
      {
        name: "a",
        image: "i",
        secrets: { X: { secretArn: "arn:s1", jsonKey: "k" }, Y: { secretArn: "arn:s1", jsonKey: "j" } },
      },
      { name: "b", image: "i", secrets: { Z: { parameterArn: "arn:p1" } } },
    ]);
    expect(secretArns).toEqual(["arn:s1"]);
    expect(parameterArns).toEqual(["arn:p1"]);
  });

  it("builds the execution and task role statements from exactly what is used", () => {
    const exec = renderPolicyDocumentFor(
      executionRoleStatements({
        repositoryArns: [],
        logGroupArn: "arn:aws:logs:us-east-1:1:log-group:/ecs/x",
        secretArns: ["arn:s"],
        parameterArns: [],
        kmsKeyArns: ["arn:k"],
      }),
    );
    expect(exec.Statement.map((s) => s["Sid"])).toEqual(["WriteLogs", "ReadSecrets", "DecryptSecrets"]);
    const task = renderPolicyDocumentFor(
      taskRoleStatements({
        exec: true,
        efs: [{ fileSystemArn: "arn:fs", accessPointArn: "arn:ap", readOnly: true }],
      }),
    );
    expect(task.Statement).toEqual([
      {
        Sid: "EcsExec",
        Effect: "Allow",
        Action: [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ],
        Resource: ["*"],
      },
      {
        Sid: "Efs0",
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount"],
        Resource: ["arn:fs"],
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": ["arn:ap"] } },
      },
    ]);
  });
});

describe("checkContainers", () => {
  it("names every bad field", () => {
    expect(
      checkContainers([
        {
          name: "bad name",
          image: "i",
          portMappings: [{ containerPort: 70000 }, { containerPort: 80, hostPort: 8080, name: "Web" }],
          secrets: {
            A: {
              secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
              parameterArn: "arn:aws:ssm:us-east-1:123456789012:parameter/p",
            },
            B: { parameterArn: "token" },
            C: { parameterArn: "arn:aws:ssm:us-east-1:123456789012:parameter/p", jsonKey: "k" },
            D: { secretArn: "arn:aws:ssm:us-east-1:123456789012:parameter/p" },
          },
          healthCheck: { command: ["curl"], interval: 1 },
          stopTimeout: 121,
          dependsOn: [{ containerName: "ghost", condition: "START" }],
          essential: false,
        },
      ]),
    ).toEqual([
      {
        path: "containers[0].name",
        value: "bad name",
        allowed: "1 to 255 letters, digits, hyphens and underscores",
      },
      {
        path: "containers[0].portMappings[0].containerPort",
        value: 70000,
        allowed: "an integer from 1 to 65535",
      },
      {
        path: "containers[0].portMappings[1].hostPort",
        value: 8080,
        allowed: "80 (awsvpc needs hostPort equal to containerPort) or none",
      },
      {
        path: "containers[0].portMappings[1].name",
        value: "Web",
        allowed: "1 to 64 lowercase letters, digits and hyphens",
      },
      {
        path: "containers[0].secrets.A",
        value: "2 sources",
        allowed: "exactly one of secretArn, parameterArn, secret, parameter",
      },
      {
        path: "containers[0].secrets.B.parameterArn",
        value: "token",
        allowed: "an ARN of a ssm parameter (arn:<partition>:ssm:<region>:<account>:parameter/...)",
      },
      {
        path: "containers[0].secrets.C.jsonKey",
        value: "k",
        allowed: "none for an SSM parameter (jsonKey and versions are for Secrets Manager)",
      },
      {
        path: "containers[0].secrets.D.secretArn",
        value: "arn:aws:ssm:us-east-1:123456789012:parameter/p",
        allowed:
          "an ARN of a secretsmanager secret (arn:<partition>:secretsmanager:<region>:<account>:secret/...)",
      },
      { path: "containers[0].healthCheck.interval", value: 1, allowed: "an integer from 5 to 300" },
      {
        path: "containers[0].healthCheck.command",
        value: ["curl"],
        allowed: 'a command starting with "CMD" or "CMD-SHELL"',
      },
      { path: "containers[0].stopTimeout", value: 121, allowed: "an integer from 0 to 120 seconds" },
      {
        path: "containers[0].dependsOn[0].containerName",
        value: "ghost",
        allowed: "another container of the task (bad name)",
      },
      { path: "containers", value: "no essential container", allowed: "at least one essential container" },
    ]);
  });
});

describe("rendering properties", () => {
  it("renders environment sorted and complete, whatever the key order (property)", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,12}$/), fc.string({ maxLength: 20 })),
        (env) => {
          const [def] = renderContainerDefinitions([{ name: "a", image: "i", environment: env }], {
            logGroupName: "g",
            region: "us-east-1",
          });
          const rendered = def?.["environment"] as Array<{ name: string; value: string }>;
          expect(rendered.map((e) => e.name)).toEqual(Object.keys(env).sort());
          expect(Object.fromEntries(rendered.map((e) => [e.name, e.value]))).toEqual(env);
          expect(def?.["readonlyRootFilesystem"]).toBe(true);
        },
      ),
    );
  });
});
