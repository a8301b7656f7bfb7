export * from "./capacity";
export * from "./containers";
export * from "./roles";
export * from "./scaling";
export * from "./sizes";
