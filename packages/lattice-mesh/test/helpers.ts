import type { Program } from "@berth/plan";
import { type CaptureOptions, capture, type ResourceGraph } from "@berth/plan";

/** Captures a program in the test account (123456789012) and region (us-east-1). */
export function plan(program: Program, options: CaptureOptions = {}): Promise<ResourceGraph> {
  return capture(program, {
    project: "berth",
    stack: "dev",
    config: { "aws:region": "us-east-1" },
    ...options,
  });
}

/** The message of the error a promise rejects with. */
export async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a rejection");
}

/** Parses a JSON string input. */
export function json(value: unknown): unknown {
  if (typeof value !== "string") throw new Error(`not a JSON string: ${String(value)}`);
  return JSON.parse(value);
}
