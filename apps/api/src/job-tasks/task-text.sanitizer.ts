import { ALLOWED_TEXT_TAGS, TASK_TEXT_MAX_LENGTH } from '@tdgen/contracts';
import sanitizeHtml from 'sanitize-html';
import { ApiException } from '../common/api-exception';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TEXT_TAGS],
  // No attributes at all: no on* handlers, no style, no href/src to smuggle a scheme through.
  allowedAttributes: {},
  allowedSchemes: [],
  allowProtocolRelative: false,
  // Unknown elements are dropped but their text kept; script/style/textarea contents are dropped.
  disallowedTagsMode: 'discard',
};

/**
 * A task's rich text reduced to the allow-list of docs/product.md § Job tasks (p, br, strong, em,
 * u, ul, ol, li). The length limit applies to what is stored: sanitizing entity-encodes `&` `<`
 * `>` `"`, so 20,000 `&` would otherwise be stored as 100,000 characters.
 */
export function sanitizeTaskText(html: string): string {
  // eslint-disable-next-line no-control-regex -- PostgreSQL cannot store NUL characters
  const text = sanitizeHtml(html.replace(/\u0000/g, ''), OPTIONS).trim();
  if (text.length > TASK_TEXT_MAX_LENGTH) {
    throw new ApiException(
      'TEXT_TOO_LONG',
      { field: 'text', max: TASK_TEXT_MAX_LENGTH, length: text.length },
      `text must be at most ${TASK_TEXT_MAX_LENGTH} characters as stored (HTML-encoded, e.g. & counts as &amp;); it has ${text.length}`,
    );
  }
  return text;
}
