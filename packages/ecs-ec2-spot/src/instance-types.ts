import type { ValidationIssue } from "@berth/core";

/** CPU architecture of the instances (and of the ECS-optimized AMI they boot). */
export const Architecture = {
  /** 64-bit Arm (AWS Graviton): cheaper per vCPU. */
  Arm64: "arm64",
  /** 64-bit x86 (Intel and AMD). */
  X86_64: "x86_64",
} as const;
/** CPU architecture of the instances (and of the ECS-optimized AMI they boot). */
export type Architecture = (typeof Architecture)[keyof typeof Architecture];
/** Every {@link Architecture}, for the `oneOf` checks. */
export const ARCHITECTURES: readonly Architecture[] = Object.values(Architecture);

/** Default instance types: same size (2 vCPU), several families, so Spot has several pools. */
export const DEFAULT_INSTANCE_TYPES: Record<Architecture, readonly string[]> = {
  arm64: ["m7g.large", "m6g.large", "m8g.large", "c7g.xlarge"],
  x86_64: ["m7i.large", "m6i.large", "m7a.large", "m6a.large"],
};

const TYPE = /^([a-z][a-z0-9-]*)\.([a-z0-9]+)$/;
/** `<series letters><generation digits><attribute letters and suffix>`, e.g. `c6gn`, `m7i-flex`, `is4gen`. */
const FAMILY = /^([a-z]+)(\d+)([a-z-]*)$/;

/**
 * The architecture of an instance family, from its name: Graviton families carry a `g` right after
 * the generation number (`m7g`, `m7gd`, `c6gn`, `t4g`, `x2gd`, `im4gn`, `is4gen`, `g5g`), plus the
 * first-generation `a1`. Every other family (`m7i`, `m7a`, `c5`, `g4dn`, `m7i-flex`, ...) is x86_64.
 * Returns `undefined` when the name is not an EC2 instance type.
 */
export function architectureOf(instanceType: string): Architecture | undefined {
  const t = TYPE.exec(instanceType);
  if (!t) return undefined;
  const family = t[1] as string;
  if (family === "a1") return "arm64";
  const f = FAMILY.exec(family);
  if (!f) return family.startsWith("u-") ? "x86_64" : undefined;
  return (f[3] as string).startsWith("g") ? "arm64" : "x86_64";
}

/** Checks instance types: well formed, unique, and of the chosen architecture. */
export function checkInstanceTypes(
  types: readonly string[],
  architecture: Architecture,
  path = "instanceTypes",
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (types.length === 0 || types.length > 40) {
    issues.push({ path, value: types.length, allowed: "1 to 40 instance types" });
  }
  const seen = new Set<string>();
  types.forEach((t, i) => {
    const arch = architectureOf(t);
    if (arch === undefined) {
      issues.push({ path: `${path}[${i}]`, value: t, allowed: 'an EC2 instance type such as "m7g.large"' });
    } else if (arch !== architecture) {
      issues.push({
        path: `${path}[${i}]`,
        value: t,
        allowed: `an ${architecture} instance type (${architecture === "arm64" ? "Graviton families such as m7g, c7g, r7g, t4g" : "x86 families such as m7i, m7a, c7i, t3"})`,
        hint: `set architecture to "${arch}" or choose ${architecture} types`,
      });
    }
    if (seen.has(t)) issues.push({ path: `${path}[${i}]`, value: t, allowed: "each instance type once" });
    seen.add(t);
  });
  return issues;
}
