/** Types of compile-to-dist.mjs, for the TypeScript that imports it (vitest's global setup). */
export function withJavaScriptExtension(specifier: string, importingFile: string): string;
export function compileToDist(): Promise<{ files: number; compiled: number; deleted: number }>;
export function distIsUpToDate(): boolean;
