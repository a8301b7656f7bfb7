export * from "./ec2-ids";
export * from "./ec2-service";
export * from "./instance-types";
export * from "./managed-instances";
export * from "./ports";
export * from "./spot-capacity";
export * from "./strategy";
export * from "./user-data";
