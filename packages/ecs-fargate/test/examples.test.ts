import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as eventTask from "../examples/event-task";
import * as expressService from "../examples/express-service";
import * as scheduledTask from "../examples/scheduled-task";
import * as webService from "../examples/web-service";
import * as worker from "../examples/worker";
import { plan } from "./helpers";

const readme = readFileSync(join(__dirname, "..", "README.md"), "utf8");
const example = (file: string) =>
  readFileSync(join(__dirname, "..", "examples", file), "utf8").replace(
    'from "../src"',
    'from "@berth/ecs-fargate"',
  );

describe("README examples", () => {
  it.each(["web-service.ts", "worker.ts", "scheduled-task.ts", "event-task.ts", "express-service.ts"])(
    "the README shows examples/%s as it is tested",
    (file) => {
      expect(readme).toContain(example(file).trim());
    },
  );

  it("web service plans: cluster, ALB, canary, Spot, autoscaling, exec", async () => {
    const g = await plan(webService.program);
    expect(g.ofType("aws:ecs/cluster:Cluster")).toHaveLength(1);
    expect(g.ofType("aws:lb/loadBalancer:LoadBalancer")).toHaveLength(1);
    expect(g.ofType("aws:ecs/service:Service")).toHaveLength(1);
    expect(
      g
        .ofType("aws:appautoscaling/policy:Policy")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["web-cpu", "web-requests"]);
    const repoArn = g.one("aws:ecr/repository:Repository", "web").outputs["arn"];
    expect(JSON.stringify(g.one("aws:iam/role:Role", "web-execution").inputs)).toContain(String(repoArn));
    expect(g.stackOutputs["url"]).toMatch(/elb\.amazonaws\.com$/);
  });

  it("worker plans with a backlog target of 30 messages per task", async () => {
    const g = await plan(worker.program);
    expect(g.stackOutputs["backlogPerTask"]).toBe(30);
    expect(g.ofType("aws:sqs/queue:Queue")).toHaveLength(2);
  });

  it("scheduled task, event task and express service plan", async () => {
    expect((await plan(scheduledTask.program)).ofType("aws:scheduler/schedule:Schedule")).toHaveLength(1);
    expect((await plan(eventTask.program)).ofType("aws:cloudwatch/eventTarget:EventTarget")).toHaveLength(1);
    const express = await plan(expressService.program);
    expect(express.stackOutputs["url"]).toMatch(/^https:\/\/.+\.on\.aws$/);
  });
});
