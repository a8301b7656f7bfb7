import { type PolicyDocumentJson, type PolicyStatement, renderPolicyDocument } from "@berth/core";

export * from "../src";

/** Renders statements whose ARNs are plain strings (as unit tests use them). */
export function renderPolicyDocumentFor(statements: PolicyStatement[]): PolicyDocumentJson {
  return renderPolicyDocument(statements as Parameters<typeof renderPolicyDocument>[0]);
}
