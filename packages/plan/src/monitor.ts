import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { GraphResource } from "./graph";
import type { InvokeMock, MockContext, ResourceMock } from "./mocks/context";
import { invokeMocks } from "./mocks/invokes";
import { autoName, outputsFor } from "./mocks/resources";
import { decode } from "./values";

/** Extra or replacement mocks for one capture. */
export interface MockOverrides {
  /** Resource mocks by type token; they win over the built-in table. */
  resources?: Record<string, ResourceMock>;
  /** Invoke mocks by function token; they win over the built-in table. */
  invokes?: Record<string, InvokeMock>;
}

type Callback = (err: unknown, response?: unknown) => void;

// Structural views of the protobuf requests the SDK sends; only the getters we read.
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getObject(): structproto.Struct | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
  getProtect(): boolean;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getRetainondelete(): boolean | undefined;
  getReplaceonchangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getProvider(): string;
  getDeletedwith(): string;
  getImportid(): string;
  getAliasurnsList(): string[];
  getAliasesList?(): AliasMessage[];
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}
// An alias as the SDK sends it when the monitor supports alias specs (capture turns that on).
interface AliasMessage {
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}
interface ReadRequest {
  getType(): string;
  getName(): string;
  getId(): string;
  getParent(): string;
  getProperties(): structproto.Struct | undefined;
  getProvider(): string;
  getDependenciesList(): string[];
}
interface InvokeRequest {
  getTok(): string;
  getArgs(): structproto.Struct | undefined;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): structproto.Struct | undefined;
}

const STACK_TYPE = "pulumi:pulumi:Stack";
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/**
 * A mock resource monitor that records every registration (parent, dependencies, property
 * dependencies, options, inputs) and answers with realistic outputs. It builds URNs the way the
 * Pulumi engine does (the SDK's own `MockMonitor` keeps only the nearest parent type).
 */
export class RecordingMonitor extends MockMonitor {
  /** Recorded resources in registration order. */
  readonly records: GraphResource[] = [];
  private readonly index = new Map<string, GraphResource>();
  /** Errors raised while answering (unknown invokes, missing stack references). */
  readonly failures: Error[] = [];
  /** Called with each failure as it happens, so a capture can stop waiting for a program that will not finish. */
  onFailure: (err: Error) => void = () => {};

  private fail(err: Error): void {
    this.failures.push(err);
    this.onFailure(err);
  }

  constructor(
    readonly ctx: MockContext,
    readonly stackOutputs: Record<string, Record<string, unknown>>,
    readonly overrides: MockOverrides = {},
  ) {
    super({
      call: () => {
        throw new Error("unreachable: RecordingMonitor answers invokes itself");
      },
      newResource: () => {
        throw new Error("unreachable: RecordingMonitor registers resources itself");
      },
    });
  }

  /** The URN the engine would give: the parent's full qualified type chain, minus the stack. */
  urnFor(parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent) {
      const parentQualified = parent.split("::")[2] ?? "";
      if (parentQualified !== STACK_TYPE) qualified = `${parentQualified}$${type}`;
    }
    return `urn:pulumi:${this.ctx.stack}::${this.ctx.project}::${qualified}::${name}`;
  }

  /** The URN an alias spec stands for; unset fields default to the resource's own. */
  private aliasUrn(alias: AliasMessage, parent: string, type: string, name: string): string {
    const spec = alias.getSpec();
    if (alias.getUrn() || !spec) return alias.getUrn();
    const aliasParent = spec.getNoparent() ? "" : spec.getParenturn() || parent;
    const urn = this.urnFor(aliasParent, spec.getType() || type, spec.getName() || name);
    const stack = spec.getStack() || this.ctx.stack;
    const project = spec.getProject() || this.ctx.project;
    return urn.replace(
      `urn:pulumi:${this.ctx.stack}::${this.ctx.project}::`,
      `urn:pulumi:${stack}::${project}::`,
    );
  }

  private record(r: GraphResource): void {
    if (this.index.has(r.urn)) {
      const err = new Error(`Duplicate resource URN '${r.urn}'; try giving it a unique name`);
      this.fail(err);
      throw err;
    }
    this.records.push(r);
    this.index.set(r.urn, r);
  }

  private async respond(state: Record<string, unknown>): Promise<structproto.Struct> {
    return structproto.Struct.fromJavaScript(
      (await rpc.serializeProperties("", state)) as Record<string, structproto.JavaScriptValue>,
    );
  }

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    try {
      const type = req.getType();
      const name = req.getName();
      const parent = req.getParent();
      const urn = this.urnFor(parent, type, name);
      const raw = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
      const decoded = decode(raw);
      const inputs = decoded.value as Record<string, unknown>;
      const propertyDependencies: Record<string, string[]> = {};
      for (const [k, v] of req.getPropertydependenciesMap().entries())
        propertyDependencies[k] = v.getUrnsList();
      const dependencies = [...new Set(req.getDependenciesList())];
      const viaProps = new Set(Object.values(propertyDependencies).flat());
      const timeouts = req.getCustomtimeouts();
      const custom = req.getCustom();
      // A remote (multi-language) component such as eks:index:Cluster or awsx:ec2:Vpc registers
      // only itself under mocks; it gets outputs from the mock table like a custom resource.
      const remote = !custom && req.getRemote();

      let id = "";
      let state: Record<string, unknown> = {};
      if (custom || remote) {
        const args = { type, name, urn, inputs, ctx: this.ctx };
        const computed = outputsFor(args, this.overrides.resources);
        if (this.ctx.preview) {
          // A preview of a create knows the inputs and the auto-name; everything else is unknown.
          state = { ...raw };
          if ("name" in computed.state && !("name" in raw) && type.startsWith("aws:"))
            state["name"] = autoName(args);
        } else {
          id = custom ? computed.id : "";
          // Keep the wire form of inputs so secret inputs stay secret outputs.
          state = { ...computed.state, ...raw };
        }
      }

      const resource: GraphResource = {
        urn,
        type,
        name,
        custom,
        read: false,
        remote,
        dependencies,
        propertyDependencies,
        explicitDependencies: dependencies.filter((d) => !viaProps.has(d)),
        inputs,
        outputs: custom || remote ? (decode(state).value as Record<string, unknown>) : {},
        secretPaths: decoded.secretPaths,
        unknownPaths: decoded.unknownPaths,
        options: {
          protect: req.getProtect(),
          ignoreChanges: req.getIgnorechangesList(),
          deleteBeforeReplace: req.getDeletebeforereplace(),
          retainOnDelete: req.getRetainondelete() ?? false,
          replaceOnChanges: req.getReplaceonchangesList(),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          // An alias the SDK sends twice (a spec and its URN) is one alias to the engine.
          aliases: [
            ...new Set([
              ...req.getAliasurnsList(),
              ...(req.getAliasesList?.() ?? []).map((a) => this.aliasUrn(a, parent, type, name)),
            ]),
          ],
        },
      };
      if (parent) resource.parent = parent;
      if (id) resource.id = id;
      if (req.getProvider()) resource.options.provider = req.getProvider();
      if (req.getDeletedwith()) resource.options.deletedWith = req.getDeletedwith();
      if (req.getImportid()) resource.options.importId = req.getImportid();
      if (timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())) {
        resource.options.customTimeouts = {
          ...(timeouts.getCreate() ? { create: timeouts.getCreate() } : {}),
          ...(timeouts.getUpdate() ? { update: timeouts.getUpdate() } : {}),
          ...(timeouts.getDelete() ? { delete: timeouts.getDelete() } : {}),
        };
      }
      this.record(resource);
      this.resources.set(urn, { urn, id, state });

      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(id);
      response.setObject(await this.respond(state));
      callback(null, response);
    } catch (err) {
      callback(err);
    }
  }

  override async readResource(req: ReadRequest, callback: Callback): Promise<void> {
    try {
      const type = req.getType();
      const name = req.getName();
      const id = req.getId();
      const urn = this.urnFor(req.getParent(), type, name);
      const inputs = decode(req.getProperties()?.toJavaScript() ?? {}).value as Record<string, unknown>;
      let state: Record<string, unknown>;
      if (type === STACK_REFERENCE_TYPE) {
        const outputs = this.stackOutputs[id];
        if (!outputs) {
          const known = Object.keys(this.stackOutputs);
          throw new Error(
            `berth plan: no outputs for stack reference "${id}". Pass them to capture() as ` +
              `stackOutputs: { "${id}": { ... } }` +
              (known.length ? ` (known: ${known.join(", ")})` : " (none given)"),
          );
        }
        state = { name: id, outputs, secretOutputNames: [] };
      } else {
        const computed = outputsFor(
          { type, name, urn, inputs: { ...inputs, id }, ctx: this.ctx },
          this.overrides.resources,
        );
        state = { ...computed.state, id };
      }
      const resource: GraphResource = {
        urn,
        type,
        name,
        custom: true,
        read: true,
        remote: false,
        dependencies: req.getDependenciesList(),
        propertyDependencies: {},
        explicitDependencies: [],
        inputs,
        outputs: state,
        id,
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
      };
      if (req.getParent()) resource.parent = req.getParent();
      this.record(resource);
      this.resources.set(urn, { urn, id, state });
      const response = new resproto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(await this.respond(state));
      callback(null, response);
    } catch (err) {
      if (err instanceof Error) this.fail(err);
      callback(err);
    }
  }

  override async invoke(req: InvokeRequest, callback: Callback): Promise<void> {
    const tok = req.getTok();
    if (tok === "pulumi:pulumi:getResource") return super.invoke(req, callback);
    try {
      const inputs = decode(req.getArgs()?.toJavaScript() ?? {}).value as Record<string, unknown>;
      const mock = this.overrides.invokes?.[tok] ?? invokeMocks[tok];
      if (!mock) {
        throw new Error(
          `berth plan: no mock for invoke "${tok}" (args: ${JSON.stringify(inputs).slice(0, 200)}). ` +
            `Add an entry to invokeMocks in packages/plan/src/mocks/invokes.ts, or pass ` +
            `{ mocks: { invokes: { "${tok}": (args) => ({ ... }) } } } to capture().`,
        );
      }
      const result = mock(inputs, this.ctx);
      const response = new provproto.InvokeResponse();
      response.setReturn(await this.respond(result));
      callback(null, response);
    } catch (err) {
      if (err instanceof Error) this.fail(err);
      callback(err);
    }
  }

  override registerResourceOutputs(req: OutputsRequest, callback: Callback): void {
    try {
      const urn = req.getUrn();
      const r = this.index.get(urn);
      if (!r) throw new Error(`unknown resource ${urn}`);
      r.outputs = decode(req.getOutputs()?.toJavaScript() ?? {}).value as Record<string, unknown>;
      const registered = this.resources.get(urn);
      if (registered) registered.state = req.getOutputs();
      callback(null, {});
    } catch (err) {
      callback(err);
    }
  }
}
