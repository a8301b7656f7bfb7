/**
 * The sleep schedule of a layer's config, shared by every layer that runs capacity: the `awake`
 * block (checked by `resolveAwakeSchedule` from `@berth/core`) and `allowSleepInProd`.
 */
import { type AwakeSchedule, resolveAwakeSchedule } from "@berth/core";
import { z } from "zod";
import { zodCheck } from "./zod-checks";

/** The config keys of a layer's sleep schedule, to spread into its `strictObject` schema. */
export const awakeConfigShape = {
  /**
   * When the environment is awake (days, from, to, timezone); outside it the layer's services,
   * workers and node groups sleep. Passed to every component that runs capacity.
   * @default always awake
   */
  awake: z.custom<AwakeSchedule>(() => true).optional(),
  /**
   * Let a prod stack sleep: without it, a stack named `prod` with `awake` is refused.
   * @default false
   */
  allowSleepInProd: z.boolean().default(false),
};

/**
 * A refinement that records every problem of `awake` as a config issue at
 * `<namespace>:awake.<field>`, with the hint kept (through {@link zodCheck}: the messages of
 * `resolveAwakeSchedule`; the `<namespace>:` prefix comes from `parseConfig`).
 */
export const checkAwakeConfig = zodCheck<{ awake?: unknown }>((v, _path, cfg) =>
  resolveAwakeSchedule(v, "awake", cfg.awake),
);

/**
 * A refinement that refuses a sleep schedule on the stack named `prod` unless
 * `allowSleepInProd` is true, naming both keys.
 */
export function refuseSleepInProd(namespace: string, stack: string) {
  return (cfg: { awake?: unknown; allowSleepInProd: boolean }, ctx: z.RefinementCtx): void => {
    if (stack === "prod" && cfg.awake !== undefined && !cfg.allowSleepInProd)
      ctx.addIssue({
        code: "custom",
        path: ["awake"],
        message: `no sleep schedule on the prod stack unless ${namespace}:allowSleepInProd is true (remove ${namespace}:awake or set ${namespace}:allowSleepInProd: true)`,
      });
  };
}
