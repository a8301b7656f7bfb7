/**
 * The `cost` pack's policies: guardrails for what AWS container platforms spend on (compute, logs,
 * images, NAT). Advisory by default. Tests and `@berth/plan` import this array; only the pack's
 * root `index.ts` constructs the `PolicyPack`.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { computePolicies } from "./compute";
import { sleepPolicies } from "./sleep";
import { storagePolicies } from "./storage";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const packName = "cost";

/** The pack's default level: cost findings inform, they do not block. */
export const enforcementLevel: EnforcementLevel = "advisory";

export const policies: Policies = [...computePolicies, ...storagePolicies, ...sleepPolicies];

export { computePolicies, sleepPolicies, storagePolicies };
