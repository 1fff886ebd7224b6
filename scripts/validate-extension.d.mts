// Types for scripts/validate-extension.mjs (imported by backend/test/extension).
export declare const schemaDir: string;
export declare function checkMetadata(metadata: unknown): string[];
export declare function checkCompose(text: string, metadata: unknown): string[];
export declare function checkLabels(labels: Record<string, string>): string[];
export declare function requiredImagePaths(metadata: unknown): string[];
export declare function checkImage(image: string, metadata: unknown): string[];
export declare function dockerfileLabels(
  text: string,
  stage?: string,
): { labels: Record<string, string>; projectUrl?: string };
export declare function labelRepositoryFiles(
  labels: Record<string, string>,
  projectUrl: string,
): { label: string; url: string; path: string }[];
export declare function checkLabelFiles(dockerfileText: string, repoRoot?: string): string[];
