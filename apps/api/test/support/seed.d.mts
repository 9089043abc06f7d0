// Types of tools/seed.mjs (re-exported by seed.mjs beside this file) for the API tests.
export interface DemoContent {
  tasks: [title: string, text: string, payGroup: number | null, tags: string[]][];
  descriptions: {
    title: string;
    tags: string[];
    tasks: [title: string, percentage: number][];
    frameworkData: Record<string, string>;
  }[];
}
export function demoContent(locale?: string): DemoContent;
export function seedIfEmpty(
  databaseUrl: string,
  locale?: string,
): Promise<{ username: string; displayName: string; role: string; password: string }[] | null>;
