export declare const DIGEST: RegExp;
export declare function setImageDigests(text: string, digests: Record<string, string>): string;
