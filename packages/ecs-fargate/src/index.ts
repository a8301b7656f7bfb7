export * from "./capacity";
export * from "./containers";
export * from "./fargateService";
export * from "./roles";
export * from "./scaling";
export * from "./sizes";
export * from "./task";
