export declare class StageError extends Error {}
export interface StagedManifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  main: string;
  dependencies: Record<string, string>;
}
export declare function requiredPackages(js: string): string[];
export declare function stagePolicyPack(packDir: string, outDir?: string): StagedManifest;
