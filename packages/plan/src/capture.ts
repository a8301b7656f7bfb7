import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as stackRuntime from "@pulumi/pulumi/runtime/stack";
import * as stateModule from "@pulumi/pulumi/runtime/state";
import { catalogEntry } from "./catalog";
import { ConformanceError, checkResources } from "./catalog/check";
import { ResourceGraph } from "./graph";
import type { MockContext } from "./mocks/context";
import { type MockOverrides, RecordingMonitor } from "./monitor";
import { decode } from "./values";

/** A Pulumi program as a function: what a stack's `index.ts` runs, returning its exports. */
export type Program = () => unknown | Promise<unknown>;

/** Where and how to run a program under the mock engine. */
export interface CaptureOptions {
  /** Pulumi project name (`new pulumi.Config()` reads this namespace). @default "berth" */
  project?: string;
  /** Stack name, e.g. `dev`. @default "dev" */
  stack?: string;
  /** Pulumi organization. @default "organization" */
  organization?: string;
  /**
   * Stack configuration, keyed `namespace:key` as in `Pulumi.<stack>.yaml` (plain keys are put in
   * the project's namespace). Non-string values are passed as JSON, as the CLI does.
   */
  config?: Record<string, unknown>;
  /** Config keys whose values are secret. @default [] */
  secretKeys?: string[];
  /**
   * Run as a preview: resources get no ids, computed outputs are unknown and `apply` callbacks on
   * them do not run, exactly as in `pulumi preview` of a new stack. @default false
   */
  preview?: boolean;
  /** Outputs served to `new pulumi.StackReference(name)`, keyed by the referenced stack's name. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Extra or replacement resource and invoke mocks. */
  mocks?: MockOverrides;
  /**
   * Check every registered resource against its type's catalog entry, as the AWS provider's
   * Check and the AWS API would. `true`: reject with a {@link ConformanceError} listing every
   * input AWS would reject (the way AWS fails the create). `"record"`: keep the result on
   * `graph.conformance` and resolve (for `berth plan`, which prints a section of its own).
   * `false`: skip the checks (for the rare test of a deliberately invalid raw resource).
   * @default true
   */
  conformance?: boolean | "record";
}

/** The account id the mocks use unless config `berth:mockAccountId` says otherwise. */
export const DEFAULT_ACCOUNT_ID = "123456789012";
/** The region the mocks use unless config `aws:region` says otherwise. */
export const DEFAULT_REGION = "us-east-1";

/** The SDK's per-run store, marked internal in its typings. Used as the Automation API uses it. */
interface RuntimeStore {
  supportsSecrets: boolean;
  supportsResourceReferences: boolean;
  supportsOutputValues: boolean;
  supportsDeletedWith: boolean;
  supportsAliasSpecs: boolean;
  supportsTransforms: boolean;
}
const state = stateModule as unknown as {
  withLocalStorage<T>(fn: () => Promise<T>): Promise<T>;
  getStore(): RuntimeStore;
};

/**
 * Errors already reported by an earlier capture. A failed program leaves promises behind that
 * may reject later, with the same error object, while the next capture is running; those are
 * not the next program's errors.
 */
const reported = new WeakSet<object>();

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a Pulumi program in-process under the mock engine and returns its resource graph.
 *
 * Each capture gets a fresh runtime store (project, stack, config, stack resource), so captures
 * can follow each other in one process; they are queued, never run concurrently, because the
 * process-wide error handlers cannot tell two programs apart. Errors raised by the program,
 * including validation errors thrown inside `apply`, reject the returned promise.
 */
export function capture(program: Program, options: CaptureOptions = {}): Promise<ResourceGraph> {
  const run = queue.then(
    () => runCapture(program, options),
    () => runCapture(program, options),
  );
  queue = run.catch(() => undefined);
  return run;
}

function stringifyConfig(project: string, config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    const key = k.includes(":") ? k : `${project}:${k}`;
    out[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

async function runCapture(program: Program, options: CaptureOptions): Promise<ResourceGraph> {
  const project = options.project ?? "berth";
  const stack = options.stack ?? "dev";
  const preview = options.preview ?? false;
  const config = stringifyConfig(project, options.config ?? {});
  const ctx: MockContext = {
    region: config["aws:region"] ?? DEFAULT_REGION,
    accountId: config["berth:mockAccountId"] ?? DEFAULT_ACCOUNT_ID,
    partition: "aws",
    project,
    stack,
    preview,
  };
  const monitor = new RecordingMonitor(ctx, options.stackOutputs ?? {}, options.mocks);

  // The SDK records a stack trace for every promise it tracks (`debuggablePromise`); formatting
  // them dominated capture time and memory. Programs under capture keep error messages, not
  // traces, unless BERTH_STACK_TRACES=1.
  const stackTraceLimit = Error.stackTraceLimit;
  if (!process.env["BERTH_STACK_TRACES"]) Error.stackTraceLimit = 0;
  try {
    return await runInStore(program, options, monitor, { project, stack, preview, config });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

async function runInStore(
  program: Program,
  options: CaptureOptions,
  monitor: RecordingMonitor,
  {
    project,
    stack,
    preview,
    config,
  }: { project: string; stack: string; preview: boolean; config: Record<string, string> },
): Promise<ResourceGraph> {
  return state.withLocalStorage(async () => {
    settings.setMockOptions(monitor, project, stack, preview, options.organization ?? "organization");
    const store = state.getStore();
    // The features setMocks() turns on.
    store.supportsSecrets = true;
    store.supportsResourceReferences = true;
    store.supportsOutputValues = false;
    store.supportsDeletedWith = true;
    store.supportsAliasSpecs = true;
    store.supportsTransforms = false;
    runtimeConfig.setAllConfig(
      config,
      (options.secretKeys ?? []).map((k) => (k.includes(":") ? k : `${project}:${k}`)),
    );

    const errors: unknown[] = [];
    // A failure can leave the program waiting forever (a resource whose input failed never
    // resolves its outputs, so its dependents and the stack wait on it): race the program against
    // the first failure instead of waiting for it to finish.
    let signalFailure: (err: unknown) => void = () => {};
    const failed = new Promise<"failed">((resolve) => {
      signalFailure = () => resolve("failed");
    });
    const onError = (err: unknown) => {
      if (typeof err === "object" && err !== null && reported.has(err)) return;
      if (!errors.includes(err)) errors.push(err);
      signalFailure(err);
    };
    monitor.onFailure = onError;
    process.on("unhandledRejection", onError);
    process.on("uncaughtException", onError);
    let stackOutputs: Record<string, unknown> = {};
    try {
      const run = stackRuntime.runInPulumiStack(async () => program());
      run.catch(onError);
      const outcome = await Promise.race([run, failed]).catch((err: unknown) => {
        onError(err);
        return "failed" as const;
      });
      if (outcome !== "failed") {
        stackOutputs = (outcome ?? {}) as Record<string, unknown>;
        const done = settings.disconnect();
        done.catch(onError);
        await Promise.race([done, failed]);
      }
      // Let rejections that surface on the next ticks reach the handlers, so the most useful
      // error (a validation error over the RPC errors it caused) can be chosen.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("unhandledRejection", onError);
      process.off("uncaughtException", onError);
      for (const e of [...errors, ...monitor.failures])
        if (typeof e === "object" && e !== null) reported.add(e);
    }
    if (errors.length > 0 || monitor.failures.length > 0) throw pickError([...monitor.failures, ...errors]);

    const root = monitor.records.find((r) => r.type === "pulumi:pulumi:Stack");
    const exported =
      root && Object.keys(root.outputs).length > 0
        ? root.outputs
        : (decode(stackOutputs).value as Record<string, unknown>);
    const graph = new ResourceGraph(project, stack, preview, monitor.records, exported);
    const mode = options.conformance ?? true;
    if (mode !== false) {
      graph.conformance = checkResources(monitor.records, catalogEntry, { defaultTags: defaultTags(config) });
      if (mode === true && graph.conformance.violations.length > 0)
        throw new ConformanceError(graph.conformance.violations, graph.conformance.skipped, graph);
    }
    return graph;
  });
}

/** The AWS provider's default tags from config `aws:defaultTags` ({ tags: { ... } }). */
function defaultTags(config: Record<string, string>): Record<string, string> {
  const raw = config["aws:defaultTags"];
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as { tags?: Record<string, string> };
    return parsed.tags ?? {};
  } catch {
    return {};
  }
}

/**
 * Prefers the error a user can act on: a validation error, then what the mock engine refused
 * (unknown invoke, missing stack reference), then the first error raised.
 */
function pickError(errors: unknown[]): Error {
  const asErrors = errors.map((e) => (e instanceof Error ? e : new Error(String(e))));
  const validation = asErrors.find(
    (e) => pulumi.InputPropertiesError.isInstance(e) || pulumi.InputPropertyError.isInstance(e),
  );
  if (validation) return validation;
  const run = asErrors.find((e) => pulumi.RunError.isInstance(e) || pulumi.ResourceError.isInstance(e));
  return run ?? (asErrors[0] as Error);
}
