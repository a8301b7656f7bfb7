import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  changedInputs,
  DURATIONS,
  durationOf,
  replaces,
  simulate,
  type Task,
  timeReport,
} from "../src/analytics/time";
import { dep, dependsOn, graphOf, res } from "./analytics-helpers";

const t = (id: string, seconds: number, ...deps: string[]): Task => ({ id, seconds, deps });

describe("list scheduling", () => {
  it("a chain takes the sum and is the critical path", () => {
    const s = simulate([t("a", 5), t("b", 10, "a"), t("c", 3, "b")], 8);
    expect(s.makespan).toBe(18);
    expect(s.longestPath).toBe(18);
    expect(s.path).toEqual(["a", "b", "c"]);
  });

  it("independent work runs in parallel up to the worker count", () => {
    // a(10) -> {b(60), c(20), d(20)} -> e(5)
    const tasks = [t("a", 10), t("b", 60, "a"), t("c", 20, "a"), t("d", 20, "a"), t("e", 5, "b", "c", "d")];
    const wide = simulate(tasks, 8);
    expect(wide.makespan).toBe(75); // 10 + 60 + 5
    expect(wide.path).toEqual(["a", "b", "e"]);
    // one worker: everything in series, 115
    expect(simulate(tasks, 1).makespan).toBe(115);
    // two workers: b and c start at 10, d waits for c (30), ends 50; b ends 70, e 75
    expect(simulate(tasks, 2).makespan).toBe(75);
  });

  it("the worker limit inflates the longest path when too many are ready", () => {
    // 9 independent 60 s steps with 8 workers: two rounds
    const tasks = Array.from({ length: 9 }, (_, i) => t(`r${i}`, 60));
    const s = simulate(tasks, 8);
    expect(s.longestPath).toBe(60);
    expect(s.makespan).toBe(120);
    expect(s.path).toEqual(["r0", "r8"]); // r8 waited for r0's slot
  });

  it("critical path is at least the longest step and at most the sum (property)", () => {
    const dag = fc
      .array(
        fc.record({ seconds: fc.integer({ min: 1, max: 900 }), deps: fc.array(fc.nat(), { maxLength: 4 }) }),
        {
          minLength: 1,
          maxLength: 40,
        },
      )
      .map((xs) =>
        // deps only point backwards: a DAG
        xs.map((x, i) => t(`n${i}`, x.seconds, ...(i === 0 ? [] : x.deps.map((d) => `n${d % i}`)))),
      );
    fc.assert(
      fc.property(dag, fc.integer({ min: 1, max: 64 }), (tasks, workers) => {
        const s = simulate(tasks, workers);
        const max = Math.max(...tasks.map((x) => x.seconds));
        const sum = tasks.reduce((a, x) => a + x.seconds, 0);
        expect(s.stuck).toEqual([]);
        expect(s.makespan).toBeGreaterThanOrEqual(max);
        expect(s.makespan).toBeLessThanOrEqual(sum);
        expect(s.makespan).toBeGreaterThanOrEqual(s.longestPath);
        if (workers >= tasks.length) expect(s.makespan).toBe(s.longestPath);
        // the path is a chain that ends at the makespan
        const last = s.path[s.path.length - 1] as string;
        expect(s.finish.get(last)).toBe(s.makespan);
        // every step of a task starts after its dependencies finish
        for (const x of tasks)
          for (const d of x.deps) expect(s.start.get(x.id)).toBeGreaterThanOrEqual(s.finish.get(d) ?? 0);
      }),
    );
  });
});

describe("deploy-time report on resource graphs", () => {
  it("EKS: cluster -> node group -> add-on is the critical path; IAM in parallel", () => {
    const role = res("aws:iam/role:Role", "cluster-role");
    const cluster = dep(res("aws:eks/cluster:Cluster", "cluster", { version: "1.34" }), role, "roleArn");
    const ngRole = res("aws:iam/role:Role", "ng-role");
    const ng = dep(
      dep(
        res("aws:eks/nodeGroup:NodeGroup", "ng", { scalingConfig: { desiredSize: 2 } }),
        cluster,
        "clusterName",
      ),
      ngRole,
      "nodeRoleArn",
    );
    const addon = dependsOn(dep(res("aws:eks/addon:Addon", "coredns", {}), cluster, "clusterName"), ng);
    const r = timeReport([{ layer: "platform", graph: graphOf(role, cluster, ngRole, ng, addon) }], {
      env: "dev",
    });
    // 5 (role) + 600 (cluster) + 120 (node group) + 30 (add-on) = 755 s
    expect(r.fresh.seconds).toBe(755);
    expect(r.fresh.path.map((p) => [p.name, p.seconds, p.finish])).toEqual([
      ["cluster-role", 5, 5],
      ["cluster", 600, 605],
      ["ng", 120, 725],
      ["coredns", 30, 755],
    ]);
    expect(r.parallelism).toBe(8);
    // the add-on waits for the node group only through dependsOn: shown on the path
    expect(r.fresh.path[3]?.viaDependsOn).toBe(true);
    expect(r.fresh.explicitEdgesOnPath).toEqual([{ from: addon.urn, to: ng.urn }]);
  });

  it("a dependency on a component waits for all its children; layers add up; unknown types get the default", () => {
    const comp = res(
      "berth:ecs:FargateService",
      "web",
      {},
      { custom: false, urn: "urn:pulumi:dev::berth::berth:ecs:FargateService::web" },
    );
    const lb = res("aws:lb/loadBalancer:LoadBalancer", "web-alb", {}, { parent: comp.urn });
    const svc = res(
      "aws:ecs/service:Service",
      "web-service",
      { waitForSteadyState: true },
      { parent: comp.urn },
    );
    const after = dependsOn(res("aws:custom/thing:Thing", "after"), comp);
    const r = timeReport(
      [
        { layer: "network", graph: graphOf(res("awsx:ec2:Vpc", "vpc", {}, { custom: false, remote: true })) },
        { layer: "workloads", graph: graphOf(comp, lb, svc, after) },
      ],
      { env: "dev", cpus: 1 },
    );
    // network: the awsx Vpc 125 s; workloads: ALB 144 and service 150 in parallel, then "after" 10 s
    expect(r.fresh.layers).toEqual([
      { layer: "network", seconds: 125, operations: 1 },
      { layer: "workloads", seconds: 160, operations: 3 },
    ]);
    expect(r.fresh.seconds).toBe(285);
    expect(r.fresh.path.map((p) => p.name)).toEqual(["vpc", "web-service", "after"]);
    expect(r.defaulted).toEqual([{ type: "aws:custom/thing:Thing", seconds: 10 }]);
  });

  it("every duration has a source", () => {
    for (const [type, d] of Object.entries(DURATIONS)) {
      expect(d.source, type).toBeTruthy();
      expect(d.create, type).toBeGreaterThan(0);
    }
    expect(durationOf({ type: "aws:ecs/service:Service", inputs: {} }).seconds).toBe(5);
  });

  it("estimates an update: replaced resources are recreated, their dependents updated", () => {
    const td = res("aws:ecs/taskDefinition:TaskDefinition", "td", { family: "web", cpu: "512" });
    const svc = dep(
      res("aws:ecs/service:Service", "svc", { waitForSteadyState: true }),
      td,
      "taskDefinition",
    );
    const lb = res("aws:lb/loadBalancer:LoadBalancer", "alb", { internal: false });
    const previous = {
      layers: [
        {
          layer: "workloads",
          graph: {
            resources: [
              { ...td, inputs: { family: "web", cpu: "256" } },
              svc,
              lb,
              res("aws:sqs/queue:Queue", "old-queue"),
            ],
          },
        },
      ],
    };
    expect(changedInputs({ a: 1, tags: { x: "1" } }, { a: 1, tags: { x: "2" } })).toEqual(["tags"]);
    expect(replaces("aws:ecs/taskDefinition:TaskDefinition", ["cpu", "tags"])).toEqual(["cpu"]);
    expect(replaces("aws:ecs/service:Service", ["desiredCount"])).toEqual([]);
    const r = timeReport([{ layer: "workloads", graph: graphOf(td, svc, lb) }], { env: "dev", previous });
    const u = r.update;
    expect(u?.replaced).toEqual([{ urn: td.urn, properties: ["cpu"] }]);
    expect(u?.updated).toEqual([svc.urn]);
    expect(u?.created).toEqual([]);
    expect(u?.deleted).toEqual([previous.layers[0]?.graph.resources[3]?.urn]);
    // td recreated 2 s, then the service rolls 150 s (steady state) -> 152 s; then deletes: the old
    // task definition (2 s) and the queue (2 s) in parallel -> +2 s
    expect(u?.seconds).toBe(154);
    expect(u?.path.map((p) => p.name)).toEqual(["td", "svc"]);
  });
});

describe("explicit providers", () => {
  it("a resource waits for its explicit provider, which waits for what its inputs came from", () => {
    const cluster = res("eks:index:Cluster", "eks", { version: "1.34" }, { custom: false, remote: true });
    const provider = dep(res("pulumi:providers:kubernetes", "k8s", {}), cluster, "kubeconfig");
    const chart = res(
      "kubernetes:helm.sh/v3:Release",
      "lbc",
      {},
      {
        options: {
          ...res("x", "y").options,
          provider: `${provider.urn}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`,
        },
      },
    );
    const r = timeReport([{ layer: "platform", graph: graphOf(cluster, provider, chart) }], { env: "dev" });
    // 748 (eks:index:Cluster) + 1 (provider) + 60 (Helm release)
    expect(r.fresh.seconds).toBe(809);
    expect(r.fresh.path.map((p) => p.name)).toEqual(["eks", "k8s", "lbc"]);
  });
});

describe("worker limit on a graph", () => {
  it("marks a step that waited for a worker slot", () => {
    const rs = Array.from({ length: 9 }, (_, i) => res("aws:eks/nodeGroup:NodeGroup", `ng${i}`));
    const r = timeReport([{ layer: "platform", graph: graphOf(...rs) }], { env: "dev", cpus: 2 });
    // 9 node groups of 120 s on 8 workers: two rounds
    expect(r.fresh.seconds).toBe(240);
    expect(r.fresh.longestPathSeconds).toBe(120);
    expect(r.fresh.path.map((p) => [p.name, p.waitedForWorker ?? false])).toEqual([
      ["ng0", false],
      ["ng8", true],
    ]);
    expect(
      timeReport([{ layer: "platform", graph: graphOf(...rs) }], { env: "dev", cpus: 4 }).fresh.seconds,
    ).toBe(120);
  });
});

describe("update options", () => {
  it("honours ignoreChanges, replaceOnChanges and deleteBeforeReplace", () => {
    const opts = res("x", "y").options;
    const ng = res(
      "aws:eks/nodeGroup:NodeGroup",
      "ng",
      { scalingConfig: { desiredSize: 5, minSize: 2 } },
      { options: { ...opts, ignoreChanges: ["scalingConfig.desiredSize"] } },
    );
    const q = res(
      "aws:sqs/queue:Queue",
      "q",
      { visibilityTimeoutSeconds: 60 },
      { options: { ...opts, replaceOnChanges: ["visibilityTimeoutSeconds"], deleteBeforeReplace: true } },
    );
    const previous = {
      layers: [
        {
          graph: {
            resources: [
              { ...ng, inputs: { scalingConfig: { desiredSize: 2, minSize: 2 } } },
              { ...q, inputs: { visibilityTimeoutSeconds: 30 } },
            ],
          },
        },
      ],
    };
    const r = timeReport([{ layer: "platform", graph: graphOf(ng, q) }], { env: "dev", previous });
    expect(r.update?.updated).toEqual([]);
    expect(r.update?.replaced).toEqual([{ urn: q.urn, properties: ["visibilityTimeoutSeconds"] }]);
    // the queue: delete first (2 s) then create (2 s); nothing else changes, no delete phase
    expect(r.update?.seconds).toBe(4);
  });
});
