import { createHash } from "node:crypto";

/** A deterministic lowercase hex string of `length` characters derived from `seed`. */
export function hex(seed: string, length: number): string {
  let out = "";
  let i = 0;
  while (out.length < length) {
    out += createHash("sha256").update(`${seed}#${i++}`).digest("hex");
  }
  return out.slice(0, length);
}

/** A deterministic UUID derived from `seed`. */
export function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A deterministic number in [0, max) derived from `seed`. */
export function num(seed: string, max: number): number {
  return Number.parseInt(hex(seed, 8), 16) % max;
}
