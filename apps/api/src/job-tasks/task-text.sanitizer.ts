import { ALLOWED_TEXT_TAGS } from '@tdgen/contracts';
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TEXT_TAGS],
  // No attributes at all: no on* handlers, no style, no href/src to smuggle a scheme through.
  allowedAttributes: {},
  allowedSchemes: [],
  allowProtocolRelative: false,
  // Unknown elements are dropped but their text kept; script/style/textarea contents are dropped.
  disallowedTagsMode: 'discard',
};

/** A task's rich text reduced to the allow-list of docs/product.md § Job tasks (p, br, strong, em, u, ul, ol, li). */
export function sanitizeTaskText(html: string): string {
  // eslint-disable-next-line no-control-regex -- PostgreSQL cannot store NUL characters
  return sanitizeHtml(html.replace(/\u0000/g, ''), OPTIONS).trim();
}
