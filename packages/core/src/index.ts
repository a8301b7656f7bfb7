export * from "./awake";
export * from "./checks";
export * from "./errors";
export * from "./iam";
export * from "./tags";
