import type { Validator } from "@berth/core";

/**
 * Whether a pushed tag can be pushed again with another image. `IMMUTABLE` makes a tag final.
 * Source: ECR API reference, `CreateRepository.imageTagMutability` (`MUTABLE`, `IMMUTABLE`, and
 * the `_WITH_EXCLUSION` forms Berth derives from `mutabilityExclusions`).
 */
export const ImageTagMutability = {
  /** A pushed tag is final: a deploy of `v1.2.3` is always the same image. */
  Immutable: "IMMUTABLE",
  /** A tag can be moved to another image by a later push. */
  Mutable: "MUTABLE",
} as const;
/** Whether a pushed tag can be pushed again with another image. */
export type ImageTagMutability = (typeof ImageTagMutability)[keyof typeof ImageTagMutability];

/** Every {@link ImageTagMutability}, for checks. */
export const IMAGE_TAG_MUTABILITIES: readonly ImageTagMutability[] = Object.values(ImageTagMutability);

/**
 * Tag mutability exclusion filters: letters, digits and `._*-`, up to 128 characters, at most 2
 * `*`. Source: `@pulumi/aws` 7.48 `types/input.d.ts`,
 * `ecr.RepositoryImageTagMutabilityExclusionFilter.filter` (the ECR API's
 * `ImageTagMutabilityExclusionFilter`).
 */
const EXCLUSION_FILTER = /^[A-Za-z0-9._*-]{1,128}$/;
const MAX_EXCLUSION_WILDCARDS = 2;

/** Checks `imageTagMutability` and each of its exclusion filters. */
export function checkTagMutability(
  v: Validator,
  at: string,
  mutability: unknown,
  exclusions: readonly unknown[] | undefined,
): void {
  v.oneOf(`${at}imageTagMutability`, mutability, IMAGE_TAG_MUTABILITIES);
  (exclusions ?? []).forEach((f, i) => {
    v.check(
      typeof f === "string" && EXCLUSION_FILTER.test(f) && f.split("*").length - 1 <= MAX_EXCLUSION_WILDCARDS,
      `${at}mutabilityExclusions[${i}]`,
      f,
      "1 to 128 letters, digits, . _ - with at most 2 wildcards (*)",
    );
  });
}

/** The `imageTagMutability` and exclusion filter inputs of a repository or creation template. */
export function tagMutabilityInputs(
  mutability: ImageTagMutability,
  exclusions: readonly string[],
): {
  imageTagMutability: string;
  imageTagMutabilityExclusionFilters: { filter: string; filterType: string }[] | undefined;
} {
  return {
    imageTagMutability: exclusions.length > 0 ? `${mutability}_WITH_EXCLUSION` : mutability,
    imageTagMutabilityExclusionFilters: exclusions.length
      ? exclusions.map((filter) => ({ filter, filterType: "WILDCARD" }))
      : undefined,
  };
}
