import { type GraphResource, ResourceGraph } from "../src/graph";

/** A GraphResource literal with defaults: custom, no parent deps, plain options. */
export function res(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  extra: Partial<GraphResource> = {},
): GraphResource {
  const urn = extra.urn ?? `urn:pulumi:dev::berth::${type}::${name}`;
  return {
    urn,
    type,
    name,
    custom: true,
    read: false,
    remote: false,
    parent: "urn:pulumi:dev::berth::pulumi:pulumi:Stack::berth-dev",
    dependencies: [],
    propertyDependencies: {},
    explicitDependencies: [],
    inputs,
    outputs: {},
    secretPaths: [],
    unknownPaths: [],
    options: {
      protect: false,
      ignoreChanges: [],
      deleteBeforeReplace: false,
      retainOnDelete: false,
      replaceOnChanges: [],
      additionalSecretOutputs: [],
      aliases: [],
    },
    ...extra,
  };
}

export function stack(): GraphResource {
  return res(
    "pulumi:pulumi:Stack",
    "berth-dev",
    {},
    {
      urn: "urn:pulumi:dev::berth::pulumi:pulumi:Stack::berth-dev",
      custom: false,
      parent: undefined,
    },
  );
}

export function graphOf(...rs: GraphResource[]): ResourceGraph {
  return new ResourceGraph("berth", "dev", false, [stack(), ...rs]);
}

/** `from` depends on `to` through input property `prop`. */
export function dep(from: GraphResource, to: GraphResource, prop = "x"): GraphResource {
  from.dependencies.push(to.urn);
  from.propertyDependencies[prop] = [...(from.propertyDependencies[prop] ?? []), to.urn];
  return from;
}

/** `from` depends on `to` only through `dependsOn`. */
export function dependsOn(from: GraphResource, to: GraphResource): GraphResource {
  from.dependencies.push(to.urn);
  from.explicitDependencies.push(to.urn);
  return from;
}

/** A Fargate service with its task definition, linked as the engine links them. */
export function fargate(
  name: string,
  opts: {
    cpu?: number;
    memory?: number;
    arch?: "ARM64" | "X86_64";
    desired?: number;
    strategy?: Array<{ capacityProvider: string; base?: number; weight?: number }>;
    ephemeralGb?: number;
    publicIp?: boolean;
  } = {},
): GraphResource[] {
  const td = res("aws:ecs/taskDefinition:TaskDefinition", `${name}-task`, {
    family: name,
    cpu: String(opts.cpu ?? 1024),
    memory: String(opts.memory ?? 2048),
    requiresCompatibilities: ["FARGATE"],
    runtimePlatform: { cpuArchitecture: opts.arch ?? "ARM64", operatingSystemFamily: "LINUX" },
    ...(opts.ephemeralGb ? { ephemeralStorage: { sizeInGib: opts.ephemeralGb } } : {}),
  });
  const svc = res("aws:ecs/service:Service", `${name}-service`, {
    desiredCount: opts.desired ?? 1,
    taskDefinition: `arn:aws:ecs:us-east-1:123456789012:task-definition/${name}:1`,
    ...(opts.strategy ? { capacityProviderStrategies: opts.strategy } : { launchType: "FARGATE" }),
    networkConfiguration: { assignPublicIp: opts.publicIp ?? false, subnets: ["subnet-1"] },
  });
  dep(svc, td, "taskDefinition");
  return [td, svc];
}
