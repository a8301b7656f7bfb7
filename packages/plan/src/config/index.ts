import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** What `berth plan` reads from a `Pulumi.yaml`. */
export interface ProjectFile {
  /** Directory holding the project file. */
  dir: string;
  /** Project name (`name:`). */
  name: string;
  /** Runtime name (`runtime:` or `runtime.name`). */
  runtime: string;
  /** `main:` relative to `dir`, if set. */
  main?: string;
  description?: string;
  /** Project-level config defaults (`config: { key: { default } }`), keyed `ns:key`. */
  defaults: Record<string, unknown>;
}

/** What `berth plan` reads from a `Pulumi.<stack>.yaml`. */
export interface StackConfig {
  /** Path of the file, or undefined when the stack has no file. */
  file?: string;
  /** Config keyed `ns:key`: project defaults overlaid with the stack file. */
  config: Record<string, unknown>;
  /** Keys whose values were `secure:` (their value is {@link SECRET_PLACEHOLDER}). */
  secretKeys: string[];
  /** ESC environments the file imports (`environment:`); not resolved offline. */
  environments: string[];
}

/** The value a `secure:` config entry gets offline: the ciphertext cannot be read without Pulumi. */
export const SECRET_PLACEHOLDER = "berth-plan-secret-placeholder";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The project file of `dir` (`Pulumi.yaml` or `Pulumi.yml`), or undefined when there is none. */
export function findProjectFile(dir: string): string | undefined {
  for (const f of ["Pulumi.yaml", "Pulumi.yml"]) {
    const p = path.join(dir, f);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Namespaces a key the way Pulumi does: `key` -> `<project>:key`. */
export function qualifyKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** Reads `Pulumi.yaml` in `dir`. Throws naming the file when it is missing or malformed. */
export function loadProject(dir: string): ProjectFile {
  const file = findProjectFile(dir);
  if (!file) throw new Error(`${dir}: no Pulumi.yaml (a layer is a directory with a Pulumi project file)`);
  const doc = readYaml(file);
  if (!isRecord(doc)) throw new Error(`${file}: expected a mapping`);
  const name = doc["name"];
  if (typeof name !== "string" || name === "")
    throw new Error(`${file}: name: got ${JSON.stringify(name)}; allowed: a non-empty string`);
  const rt = doc["runtime"];
  const runtime =
    typeof rt === "string" ? rt : isRecord(rt) && typeof rt["name"] === "string" ? rt["name"] : "";
  if (runtime !== "nodejs") throw new Error(`${file}: runtime: got ${JSON.stringify(rt)}; allowed: nodejs`);
  const defaults: Record<string, unknown> = {};
  const cfg = doc["config"];
  if (isRecord(cfg)) {
    for (const [k, v] of Object.entries(cfg)) {
      const value = isRecord(v) ? (v["default"] ?? v["value"]) : v;
      if (value !== undefined) defaults[qualifyKey(name, k)] = value;
    }
  }
  const out: ProjectFile = { dir, name, runtime, defaults };
  if (typeof doc["main"] === "string") out.main = doc["main"];
  if (typeof doc["description"] === "string") out.description = doc["description"];
  return out;
}

/**
 * Reads `Pulumi.<stack>.yaml` next to the project file (or `configFile`): the `config:` map, keys qualified with the
 * project, `secure:` values replaced by {@link SECRET_PLACEHOLDER} and listed as secret. Values
 * that are objects or arrays stay structured; `capture()` passes them to the program as JSON,
 * as the Pulumi CLI does.
 */
export function loadStackConfig(project: ProjectFile, stack: string, configFile?: string): StackConfig {
  const config: Record<string, unknown> = { ...project.defaults };
  const secretKeys: string[] = [];
  const environments: string[] = [];
  if (configFile && !existsSync(configFile)) throw new Error(`${configFile}: no such stack config file`);
  const file =
    configFile ??
    [".yaml", ".yml"].map((e) => path.join(project.dir, `Pulumi.${stack}${e}`)).find(existsSync);
  if (!file) return { config, secretKeys, environments };
  const doc = readYaml(file) ?? {};
  if (!isRecord(doc)) throw new Error(`${file}: expected a mapping`);
  const env = doc["environment"];
  if (Array.isArray(env)) environments.push(...env.filter((e): e is string => typeof e === "string"));
  const cfg = doc["config"] ?? {};
  if (!isRecord(cfg)) throw new Error(`${file}: config: expected a mapping of "namespace:key" to values`);
  for (const [k, v] of Object.entries(cfg)) {
    const key = qualifyKey(project.name, k);
    if (isRecord(v) && Object.keys(v).length === 1 && typeof v["secure"] === "string") {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
    } else {
      config[key] = v;
    }
  }
  return { file, config, secretKeys, environments };
}
