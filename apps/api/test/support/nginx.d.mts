export const NGINX_TEMPLATE: string;
export function findNginx(): string | null;
export function renderTemplate(template: string, vars: Record<string, string>): string;
export function renderServerConfig(options: { upstreams: string[]; port: number }): string;
export function startNginx(options: {
  upstreams: string[];
  port: number;
  binary?: string | null;
}): Promise<{ pid: number | undefined; stop(): Promise<void> }>;
