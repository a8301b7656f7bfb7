/**
 * Small readers the rules share: ECS container definitions (a JSON string in Pulumi), IAM policy
 * documents (JSON strings or objects), the stack name in a URN, and how resources reference each
 * other in a stack policy (by value or by property dependency).
 */
import type { PolicyResource } from "@pulumi/policy";

/** One entry of an ECS task definition's `containerDefinitions`, the fields the rules read. */
export interface ContainerDefinition {
  name?: string;
  user?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  environment?: Array<{ name?: string; value?: string }>;
  secrets?: Array<{ name?: string; valueFrom?: string }>;
  logConfiguration?: { logDriver?: string; options?: Record<string, string> };
}

/** Parses `containerDefinitions` (a JSON string; an array is accepted too). */
export function containerDefinitions(value: unknown): ContainerDefinition[] {
  if (value === undefined || value === null) return [];
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as ContainerDefinition[]) : [];
}

/** A container's display name for messages. */
export function cname(c: ContainerDefinition, i: number): string {
  return c.name ? `"${c.name}"` : `#${i}`;
}

/** The stack name in a URN (`urn:pulumi:<stack>::<project>::...`). */
export function stackOfUrn(urn: string): string {
  const head = urn.split("::")[0] ?? "";
  return head.split(":")[2] ?? "";
}

/**
 * True when the resource belongs to a production stack: the stack tag `berth:environment` when set,
 * else the stack name in the URN, compared with the configured production stack names.
 */
export function isProd(
  urn: string,
  stackTags: ReadonlyMap<string, string>,
  prodStacks: readonly string[],
): boolean {
  const env = stackTags.get("berth:environment") ?? stackOfUrn(urn);
  return prodStacks.includes(env);
}

/** Config schema entry shared by rules that only apply to production. */
export const prodStacksSchema = {
  type: "array" as const,
  items: { type: "string" as const },
  description: "Stack names (or `berth:environment` stack tag values) treated as production.",
  default: ["prod", "production"],
};

/** One IAM statement, normalized: arrays for actions and resources. */
export interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principal: unknown;
  condition: Record<string, unknown> | undefined;
}

function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

/** Parses an IAM policy document (string or object) into normalized statements. */
export function statements(doc: unknown): Statement[] {
  if (doc === undefined || doc === null || doc === "") return [];
  const parsed = (typeof doc === "string" ? JSON.parse(doc) : doc) as { Statement?: unknown };
  const raw = parsed?.Statement;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<Record<string, unknown>>;
  return list.map((s) => ({
    effect: String(s["Effect"] ?? "Allow"),
    actions: asList(s["Action"]),
    notActions: asList(s["NotAction"]),
    resources: asList(s["Resource"]),
    notResources: asList(s["NotResource"]),
    principal: s["Principal"],
    condition: s["Condition"] as Record<string, unknown> | undefined,
  }));
}

/** True when a principal is everyone: `"*"`, `{AWS: "*"}` or a list containing `"*"`. */
export function isPublicPrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (principal && typeof principal === "object") {
    return Object.values(principal as Record<string, unknown>).some((v) => asList(v).includes("*"));
  }
  return false;
}

/** Condition keys (lower case) used in a statement's `Condition`. */
export function conditionKeys(condition: Record<string, unknown> | undefined): string[] {
  if (!condition) return [];
  return Object.values(condition).flatMap((block) =>
    block && typeof block === "object"
      ? Object.keys(block as Record<string, unknown>).map((k) => k.toLowerCase())
      : [],
  );
}

/** Service principals and federated principals a trust policy names. */
export function trustedPrincipals(doc: unknown): {
  services: string[];
  federated: string[];
  actions: string[];
} {
  const services: string[] = [];
  const federated: string[] = [];
  const actions: string[] = [];
  for (const s of statements(doc)) {
    if (s.effect !== "Allow") continue;
    actions.push(...s.actions);
    const p = s.principal;
    if (p && typeof p === "object") {
      const rec = p as Record<string, unknown>;
      services.push(...asList(rec["Service"]));
      federated.push(...asList(rec["Federated"]));
    }
  }
  return { services, federated, actions };
}

/**
 * The GitHub Actions OIDC provider (`arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`):
 * the roles that trust it are CI's (the account layer's preview and deploy roles), not workloads'.
 */
const GITHUB_ACTIONS_OIDC = "oidc-provider/token.actions.githubusercontent.com";

/** True when a role's trust policy lets ECS tasks or EKS pods (Pod Identity or IRSA) assume it. */
export function isWorkloadTrust(doc: unknown): boolean {
  const t = trustedPrincipals(doc);
  return (
    t.services.some((s) => s === "ecs-tasks.amazonaws.com" || s === "pods.eks.amazonaws.com") ||
    (t.federated.some((f) => f.includes("oidc-provider/") && !f.includes(GITHUB_ACTIONS_OIDC)) &&
      t.actions.includes("sts:AssumeRoleWithWebIdentity"))
  );
}

/** The values a reference to `target` may take: its URN-independent identifiers. */
function identifiers(target: PolicyResource, keys: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const k of keys) {
    const v = target.props[k];
    if (typeof v === "string" && v) out.add(v);
  }
  return out;
}

/**
 * True when `from.props[prop]` references `target`: through a property dependency on it, or by
 * value equal to one of its identifiers (`keys`, e.g. `arn`, `id`, `name`).
 */
export function references(
  from: PolicyResource,
  prop: string,
  target: PolicyResource,
  keys: readonly string[] = ["arn", "id", "name"],
): boolean {
  if ((from.propertyDependencies[prop] ?? []).some((d) => d.urn === target.urn)) return true;
  const v = from.props[prop];
  const ids = identifiers(target, keys);
  return typeof v === "string" && ids.has(v);
}

/** The name after `policy/` in a managed policy ARN (partition and path independent). */
export function managedPolicyName(arn: string): string {
  const i = arn.indexOf(":policy/");
  return i >= 0 ? arn.slice(i + ":policy/".length) : arn;
}

/** True when an IPv4 or IPv6 CIDR list contains the whole internet. */
export function openToWorld(cidrs: unknown): boolean {
  return asList(cidrs).some((c) => c === "0.0.0.0/0" || c === "::/0");
}

/** Decodes EC2 user data (base64 or plain text). */
export function userDataText(v: unknown): string {
  if (typeof v !== "string" || !v) return "";
  if (/^[A-Za-z0-9+/=\s]+$/.test(v) && v.length % 4 === 0) {
    try {
      const text = Buffer.from(v, "base64").toString("utf8");
      if ([...text].every((ch) => ch === "\t" || ch === "\n" || ch === "\r" || (ch >= " " && ch <= "~")))
        return text;
    } catch {
      // not base64
    }
  }
  return v;
}
