export interface WorkspacePackage {
  name: string;
  dependencies: string[];
}
export declare const CI_LAYERS: string[];
export declare const EVERY_LAYER_PATHS: string[];
export declare function readWorkspace(root: string): Record<string, WorkspacePackage>;
export declare function affectedLayers(
  changed: string[],
  workspace: Record<string, WorkspacePackage>,
): string[];
