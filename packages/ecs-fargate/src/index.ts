export * from "./capacity";
export * from "./cluster";
export * from "./containers";
export * from "./event-task";
export * from "./express-service";
export * from "./fargate-service";
export * from "./queue-worker";
export * from "./roles";
export * from "./scaling";
export * from "./schedule-expressions";
export * from "./scheduled-task";
export * from "./sizes";
export * from "./task";
export {
  type ResolvedTriggeredTask,
  resolveTriggeredTask,
  type TriggeredTaskArgs,
  type TriggeredTaskNames,
} from "./triggered-task";
