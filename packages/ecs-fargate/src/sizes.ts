import type { ValidationIssue } from "@berth/core";

/** One Fargate CPU size and the task memory sizes (MiB) allowed with it. */
export interface FargateSize {
  /** CPU units (1024 = 1 vCPU). */
  cpu: number;
  /** Allowed task memory in MiB, ascending. */
  memory: readonly number[];
  /** Operating systems that may use this CPU size. */
  os: readonly ("LINUX" | "WINDOWS")[];
}

const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let m = from; m <= to; m += step) out.push(m);
  return out;
};

/**
 * The Fargate task CPU and memory table (AWS "Task CPU and memory" for Fargate, and the
 * RegisterTaskDefinition API reference): 8 and 16 vCPU need Linux platform version 1.4.0 or later,
 * Windows tasks need at least 1 vCPU and at most 4 vCPU.
 */
export const FARGATE_SIZES: readonly FargateSize[] = [
  { cpu: 256, memory: [512, 1024, 2048], os: ["LINUX"] },
  { cpu: 512, memory: range(1024, 4096, 1024), os: ["LINUX"] },
  { cpu: 1024, memory: range(2048, 8192, 1024), os: ["LINUX", "WINDOWS"] },
  { cpu: 2048, memory: range(4096, 16384, 1024), os: ["LINUX", "WINDOWS"] },
  { cpu: 4096, memory: range(8192, 30720, 1024), os: ["LINUX", "WINDOWS"] },
  { cpu: 8192, memory: range(16384, 61440, 4096), os: ["LINUX"] },
  { cpu: 16384, memory: range(32768, 122880, 8192), os: ["LINUX"] },
];

/** Every Fargate CPU value, ascending. */
export const FARGATE_CPU_VALUES: readonly number[] = FARGATE_SIZES.map((s) => s.cpu);

/** The operating system family of a Fargate task, simplified to Linux or Windows. */
export type FargateOs = "LINUX" | "WINDOWS";

/** The memory sizes allowed for a CPU value, or `[]` when the CPU value is not a Fargate size. */
export function fargateMemoryOptions(cpu: number): readonly number[] {
  return FARGATE_SIZES.find((s) => s.cpu === cpu)?.memory ?? [];
}

/** True when `cpu`/`memory` is a Fargate size for the operating system. */
export function isFargateSize(cpu: number, memory: number, os: FargateOs = "LINUX"): boolean {
  const size = FARGATE_SIZES.find((s) => s.cpu === cpu);
  if (!size) return false;
  return size.os.includes(os) && size.memory.includes(memory);
}

/** Describes the memory allowed for a CPU value: a list, or a range with its step when long. */
export function describeFargateMemory(cpu: number): string {
  const memory = fargateMemoryOptions(cpu);
  if (memory.length <= 7) return `one of ${memory.join(", ")}`;
  const first = memory[0] as number;
  const last = memory[memory.length - 1] as number;
  const step = (memory[1] as number) - first;
  return `${first} to ${last} in steps of ${step}`;
}

/** Maps an ECS `operatingSystemFamily` (`LINUX`, `WINDOWS_SERVER_2022_CORE`, ...) to `LINUX`/`WINDOWS`. */
export function osOf(operatingSystemFamily: string | undefined): FargateOs {
  return operatingSystemFamily?.startsWith("WINDOWS") ? "WINDOWS" : "LINUX";
}

/**
 * Checks a task size against the Fargate table. The messages list what is allowed:
 * `cpu: got 300; allowed: one of 256, 512, 1024, 2048, 4096, 8192, 16384.` and
 * `memory: got 3000; allowed: for cpu 1024, one of 2048, 3072, 4096, 5120, 6144, 7168, 8192.`
 */
export function checkFargateSize(
  cpu: number,
  memory: number,
  os: FargateOs = "LINUX",
  paths: { cpu: string; memory: string } = { cpu: "cpu", memory: "memory" },
): ValidationIssue[] {
  const allowedCpu = FARGATE_SIZES.filter((s) => s.os.includes(os)).map((s) => s.cpu);
  if (!allowedCpu.includes(cpu)) {
    const suffix = os === "WINDOWS" ? " (Windows on Fargate)" : "";
    return [{ path: paths.cpu, value: cpu, allowed: `one of ${allowedCpu.join(", ")}${suffix}` }];
  }
  if (!fargateMemoryOptions(cpu).includes(memory)) {
    return [{ path: paths.memory, value: memory, allowed: `for cpu ${cpu}, ${describeFargateMemory(cpu)}` }];
  }
  return [];
}

/** True when a CPU size needs Linux platform version 1.4.0 or later (8 and 16 vCPU). */
export function needsPlatform140(cpu: number): boolean {
  return cpu >= 8192;
}
