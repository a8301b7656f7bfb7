/** Small readers the cost rules share: environment from the URN or stack tag, Graviton instance types. */

/** The stack name in a URN (`urn:pulumi:<stack>::<project>::...`). */
export function stackOfUrn(urn: string): string {
  const head = urn.split("::")[0] ?? "";
  return head.split(":")[2] ?? "";
}

/** The environment: the `berth:environment` stack tag when set, else the stack name in the URN. */
export function environmentOf(urn: string, stackTags: ReadonlyMap<string, string>): string {
  return stackTags.get("berth:environment") ?? stackOfUrn(urn);
}

/** True when the environment is one of the production stack names. */
export function isProd(
  urn: string,
  stackTags: ReadonlyMap<string, string>,
  prodStacks: readonly string[],
): boolean {
  return prodStacks.includes(environmentOf(urn, stackTags));
}

/** Config schema entry: which stacks are production. */
export const prodStacksSchema = {
  type: "array" as const,
  items: { type: "string" as const },
  description: "Stack names (or `berth:environment` stack tag values) treated as production.",
  default: ["prod", "production"],
};

/** Config schema entry: logical names a rule skips. */
export const exemptNamesSchema = {
  type: "array" as const,
  items: { type: "string" as const },
  description: "Logical resource names this rule skips.",
  default: [] as string[],
};

/** True for an AWS Graviton (arm64) instance type such as `m7g.large`, `c7gn.xlarge`, `t4g.small`. */
export function isGraviton(instanceType: string): boolean {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType);
}
