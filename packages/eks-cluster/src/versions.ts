/**
 * The Kubernetes versions Amazon EKS offers, with their support windows, kept in the package so a
 * version is checked at plan time instead of failing at `pulumi up` after the cluster call.
 *
 * Source: the Amazon EKS Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/
 * kubernetes-versions.html), checked 2026-11-22. Standard support lasts 14 months after the EKS
 * release, extended support 12 more months at an extra per-cluster-hour price. Update this table
 * when EKS releases a version (a new entry) or a window ends (the entry stays: the check uses the
 * date, so a build after the end date fails with the reason).
 */

/** One Kubernetes minor version on EKS and its support window (ISO dates, inclusive). */
export interface KubernetesVersionInfo {
  /** Minor version, e.g. `1.35`. */
  version: string;
  /** Date EKS released the version. */
  released: string;
  /** Last day of standard support. */
  endOfStandardSupport: string;
  /** Last day of extended support; after it EKS upgrades the cluster itself. */
  endOfExtendedSupport: string;
}

/** The versions EKS supports (standard or extended) as of the table's check date, newest first. */
export const KUBERNETES_VERSIONS: readonly KubernetesVersionInfo[] = [
  {
    version: "1.36",
    released: "2026-06-02",
    endOfStandardSupport: "2027-08-02",
    endOfExtendedSupport: "2028-08-02",
  },
  {
    version: "1.35",
    released: "2026-01-27",
    endOfStandardSupport: "2027-03-27",
    endOfExtendedSupport: "2028-03-27",
  },
  {
    version: "1.34",
    released: "2025-10-02",
    endOfStandardSupport: "2026-12-02",
    endOfExtendedSupport: "2027-12-02",
  },
  {
    version: "1.33",
    released: "2025-05-29",
    endOfStandardSupport: "2026-07-29",
    endOfExtendedSupport: "2027-07-29",
  },
  {
    version: "1.32",
    released: "2025-01-23",
    endOfStandardSupport: "2026-03-23",
    endOfExtendedSupport: "2027-03-23",
  },
  {
    version: "1.31",
    released: "2024-09-26",
    endOfStandardSupport: "2025-11-26",
    endOfExtendedSupport: "2026-11-26",
  },
];

/**
 * The version Berth uses when none is given. It is not the newest in the table: 1.36 is listed
 * but its dates were not confirmed against the EKS calendar, so the default stays on 1.35.
 */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/** Where a version stands on a given day. */
export type SupportStatus = "standard" | "extended" | "ended" | "not-yet-released" | "unknown";

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The support status of `version` on `today` (only the date part counts). */
export function supportStatus(version: string, today: Date = new Date()): SupportStatus {
  const info = KUBERNETES_VERSIONS.find((v) => v.version === version);
  if (!info) return "unknown";
  const d = day(today);
  if (d < info.released) return "not-yet-released";
  if (d <= info.endOfStandardSupport) return "standard";
  if (d <= info.endOfExtendedSupport) return "extended";
  return "ended";
}

/** The versions a new cluster may use on `today` (standard or extended support), newest first. */
export function supportedVersions(today: Date = new Date()): string[] {
  return KUBERNETES_VERSIONS.filter((v) => {
    const s = supportStatus(v.version, today);
    return s === "standard" || s === "extended";
  }).map((v) => v.version);
}

/** What a version check found: `undefined` when fine, else what is wrong in words. */
export interface VersionProblem {
  /** What was allowed, for the validation message. */
  allowed: string;
  /** Advice. */
  hint?: string;
}

/**
 * Checks a Kubernetes version for a new or existing cluster on `today`, with the upgrade policy
 * the cluster will have. A version in extended support needs `supportType: "EXTENDED"`: with
 * `STANDARD`, EKS upgrades the cluster as soon as standard support has ended.
 */
export function checkKubernetesVersion(
  version: string,
  supportType: "STANDARD" | "EXTENDED",
  today: Date = new Date(),
): VersionProblem | undefined {
  const status = supportStatus(version, today);
  const supported = supportedVersions(today);
  const list = `one of ${supported.join(", ")}`;
  switch (status) {
    case "standard":
      return undefined;
    case "extended":
      return supportType === "EXTENDED"
        ? undefined
        : {
            allowed: `a version in standard support (${supported
              .filter((v) => supportStatus(v, today) === "standard")
              .join(", ")}), or supportType "EXTENDED"`,
            hint: `${version} is in extended support (extra cost) until ${
              KUBERNETES_VERSIONS.find((v) => v.version === version)?.endOfExtendedSupport
            }; upgrade, or set supportType: "EXTENDED" to stay on it for now`,
          };
    case "ended":
      return { allowed: list, hint: `${version} reached the end of extended support on EKS` };
    case "not-yet-released":
      return { allowed: list, hint: `${version} is not released on EKS yet` };
    default:
      return {
        allowed: list,
        hint: "give a minor version such as 1.35; the list is kept in @berth/eks-cluster src/versions.ts",
      };
  }
}

/** How many days before a version leaves standard support Berth starts warning. */
export const SUPPORT_WARNING_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An advisory for a version that leaves standard support within {@link SUPPORT_WARNING_DAYS} days
 * of `today`, or `undefined`. It never fails a plan: it says when and what EKS will do, so the
 * upgrade (or the `EXTENDED` decision) is made before the date instead of after every plan fails.
 */
export function supportWarning(
  version: string,
  supportType: "STANDARD" | "EXTENDED",
  today: Date = new Date(),
): string | undefined {
  const info = KUBERNETES_VERSIONS.find((v) => v.version === version);
  if (!info || supportStatus(version, today) !== "standard") return undefined;
  const days = Math.round(
    (Date.parse(`${info.endOfStandardSupport}T00:00:00Z`) - Date.parse(`${day(today)}T00:00:00Z`)) / DAY_MS,
  );
  if (days > SUPPORT_WARNING_DAYS) return undefined;
  const then =
    supportType === "STANDARD"
      ? "EKS then upgrades the control plane to the next version itself and the pinned version no longer matches; upgrade first (control plane, then add-ons, then node groups), or set supportType EXTENDED (billed per cluster hour) to stay on it"
      : `supportType is EXTENDED, so the cluster stays on ${version} and extended support is billed from then on, until ${info.endOfExtendedSupport}; plan the upgrade`;
  return `Kubernetes ${version} leaves EKS standard support on ${info.endOfStandardSupport} (in ${days} days). ${then}.`;
}
