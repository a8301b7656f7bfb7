import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkFargateSize,
  describeFargateMemory,
  FARGATE_CPU_VALUES,
  FARGATE_SIZES,
  fargateMemoryOptions,
  isFargateSize,
} from "../src";

const allPairs = FARGATE_SIZES.flatMap((s) => s.memory.map((m) => [s.cpu, m] as const));

describe("Fargate size table", () => {
  it("has the AWS table: counts, ends and steps per CPU size", () => {
    const summary = FARGATE_SIZES.map((s) => [
      s.cpu,
      s.memory.length,
      s.memory[0],
      s.memory[s.memory.length - 1],
    ]);
    expect(summary).toEqual([
      [256, 3, 512, 2048],
      [512, 4, 1024, 4096],
      [1024, 7, 2048, 8192],
      [2048, 13, 4096, 16384],
      [4096, 23, 8192, 30720],
      [8192, 12, 16384, 61440],
      [16384, 12, 32768, 122880],
    ]);
    expect(allPairs).toHaveLength(74);
    expect(describeFargateMemory(8192)).toBe("16384 to 61440 in steps of 4096");
    expect(describeFargateMemory(16384)).toBe("32768 to 122880 in steps of 8192");
    expect(describeFargateMemory(256)).toBe("one of 512, 1024, 2048");
  });

  it("accepts every pair of the table (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPairs), ([cpu, memory]) => {
        expect(checkFargateSize(cpu, memory)).toEqual([]);
        expect(isFargateSize(cpu, memory)).toBe(true);
      }),
    );
  });

  it("rejects any other pair, naming the field and listing what is allowed (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 140000 }), fc.integer({ min: 0, max: 140000 }), (cpu, memory) => {
        fc.pre(!allPairs.some(([c, m]) => c === cpu && m === memory));
        const issues = checkFargateSize(cpu, memory);
        expect(issues).toHaveLength(1);
        const [issue] = issues;
        if (FARGATE_CPU_VALUES.includes(cpu)) {
          expect(issue?.path).toBe("memory");
          expect(issue?.allowed).toBe(`for cpu ${cpu}, ${describeFargateMemory(cpu)}`);
          for (const m of fargateMemoryOptions(cpu)) expect(checkFargateSize(cpu, m)).toEqual([]);
        } else {
          expect(issue).toEqual({
            path: "cpu",
            value: cpu,
            allowed: "one of 256, 512, 1024, 2048, 4096, 8192, 16384",
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it("limits Windows to 1 to 4 vCPU", () => {
    expect(checkFargateSize(512, 1024, "WINDOWS")).toEqual([
      { path: "cpu", value: 512, allowed: "one of 1024, 2048, 4096 (Windows on Fargate)" },
    ]);
    expect(checkFargateSize(1024, 2048, "WINDOWS")).toEqual([]);
    expect(isFargateSize(8192, 16384, "WINDOWS")).toBe(false);
  });
});
