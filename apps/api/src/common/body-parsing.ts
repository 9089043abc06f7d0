import { assertJsonDepth } from './json-depth';

/** JSON bodies: the largest real one (a description with its tasks) is far below; over-deep bodies are refused. */
export const JSON_BODY = { limit: '256kb', verify: assertJsonDepth };

/** navigator.sendBeacon posts text/plain; the lock-release endpoint parses it as JSON (same depth check). */
export const TEXT_BODY = { limit: '16kb', verify: assertJsonDepth };
