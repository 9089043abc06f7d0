/**
 * Polls `condition` until it returns a truthy value (returned) or the time is up. For state
 * that changes without an event to await (a socket closing, a map emptying). Generous default:
 * the suite must pass on a loaded two-core machine.
 */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  description: string,
  { timeoutMs = 15_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
