/** Deepest nesting of arrays/objects a request body may have; real bodies need 4. */
export const MAX_JSON_DEPTH = 32;

/**
 * body-parser `verify` hook: refuses a body nested deeper than MAX_JSON_DEPTH before it is parsed.
 * A 39 kB body can nest 20,000 levels, and the recursive validation and transformation that
 * follow parsing would overflow the stack (a 500). The scan is linear and skips string contents.
 */
export function assertJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (isInString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) isInString = false;
    } else if (c === 0x22) isInString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) {
        throw Object.assign(new Error(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep`), {
          status: 400,
          type: 'entity.too.deep',
        });
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}
