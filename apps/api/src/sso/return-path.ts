/** Longest return path kept across the round trip through the provider. */
const MAX_RETURN_PATH = 2048;

/**
 * The page to return to after signing in, when it is a path of this site: it starts with one `/`
 * (not `//` or `/\`, which browsers read as another host), has no scheme, control characters or
 * backslashes, and is not an API route. Anything else becomes `/` — no open redirect.
 */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > MAX_RETURN_PATH) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || hasControlCharacter(raw)) return '/';
  const base = 'http://return.invalid';
  const resolved = new URL(raw, base);
  if (resolved.origin !== base || resolved.pathname === '/api' || resolved.pathname.startsWith('/api/')) return '/';
  return resolved.pathname + resolved.search + resolved.hash;
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}
