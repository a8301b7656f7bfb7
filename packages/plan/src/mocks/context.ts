/** What the mocks know about the account and place a program runs in. */
export interface MockContext {
  /** AWS region, from config `aws:region`. @default "us-east-1" */
  region: string;
  /** AWS account id, from config `berth:mockAccountId`. @default "123456789012" */
  accountId: string;
  /** AWS partition. @default "aws" */
  partition: string;
  project: string;
  stack: string;
  preview: boolean;
}

/** Arguments a resource mock receives: the resource and where it is. */
export interface ResourceMockArgs {
  type: string;
  /** Logical name. */
  name: string;
  urn: string;
  /** Decoded inputs (secrets unwrapped; unknowns are the UNKNOWN sentinel). */
  inputs: Record<string, unknown>;
  ctx: MockContext;
}

/** Computes the outputs a real create would add to the inputs (ids, ARNs, URLs, DNS names). */
export type ResourceMock = (args: ResourceMockArgs) => Record<string, unknown>;

/** Answers a provider function (invoke) the way AWS would. */
export type InvokeMock = (inputs: Record<string, unknown>, ctx: MockContext) => Record<string, unknown>;
