import type { ResourceMock } from "../mocks/context";

/** One value that breaks a rule, found inside a resource's inputs. */
export interface Finding {
  /** Property path from the resource's inputs, e.g. `ingress[0].description` or `containerDefinitions[0].healthCheck.timeout`. */
  path: string;
  /** The offending value. */
  value: unknown;
  /** What AWS allows, in words. */
  rule: string;
}

/**
 * A check of one value. It appends a {@link Finding} for each problem (with the path it was
 * given, or a deeper one for values inside documents) and returns nothing.
 */
export type Check = (value: unknown, path: string, out: Finding[]) => void;

/** A rule on the values at a property path of one resource type. */
export interface Constraint {
  /**
   * Where the rule applies: a dotted path into the inputs, `[*]` for every element of a list
   * and `{*}` for every value of a map, e.g. `ingress[*].cidrBlocks[*]` or `tags`.
   */
  path: string;
  /** The check run on each (known, present) value at `path`. */
  check: Check;
  /** Where the rule comes from: the AWS API reference section, or the terraform-provider-aws validator. */
  source: string;
}

/** Typical durations of the create, update and delete calls, in seconds, with their source. */
export interface Durations {
  create: number;
  /** @default min(create, 10) */
  update?: number;
  /** @default min(create, 10) */
  delete?: number;
  source: string;
}

/** How the cost estimate treats a type: priced by a model in `analytics/cost.ts`, or free. */
export type CostKind = { model: true } | { free: string };

/** Everything the plan engine knows of one resource type. */
export interface CatalogEntry {
  /** Pulumi type token, e.g. `aws:ec2/securityGroup:SecurityGroup`. */
  type: string;
  /** Outputs of a create (ids, ARNs), or "generic" for the id/ARN/name every AWS type gets. */
  mock: ResourceMock | "generic";
  /** What AWS, or the provider's schema validators at preview, reject. */
  constraints: Constraint[];
  durations: Durations;
  /** Input properties whose change replaces the resource ("*" = every input except tags). */
  replaceOn: string[];
  cost: CostKind;
}
