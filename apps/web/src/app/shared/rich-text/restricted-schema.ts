import { marks, nodes } from 'ngx-editor';
// The prosemirror-* packages are ngx-editor's own dependencies; they are needed to restrict it.
import { baseKeymap, chainCommands, exitCode, toggleMark } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { InputRule, inputRules, wrappingInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { Schema } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { Command, Plugin } from 'prosemirror-state';

/**
 * The editor can only produce what the server keeps (docs/product.md § Job tasks: p, br, strong, em, u, ul, ol, li):
 * no headings, links, images, code or colours, even when pasted.
 */
export const RESTRICTED_SCHEMA = new Schema({
  nodes: {
    doc: nodes.doc,
    text: nodes.text,
    paragraph: nodes.paragraph,
    hard_break: nodes.hard_break,
    bullet_list: nodes.bullet_list,
    ordered_list: nodes.ordered_list,
    list_item: nodes.list_item,
  },
  marks: { strong: marks.strong, em: marks.em, u: marks.u },
});

const { strong, em, u } = RESTRICTED_SCHEMA.marks;
const { bullet_list, ordered_list, list_item, hard_break } = RESTRICTED_SCHEMA.nodes;

const insertHardBreak: Command = (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(hard_break.create()).scrollIntoView());
  return true;
};

/**
 * ngx-editor's default shortcuts and input rules refer to nodes this schema leaves out (blockquote,
 * heading, code) and crash; these are the same conveniences limited to the allowed elements.
 */
export function restrictedPlugins(): Plugin[] {
  return [
    keymap({
      'Mod-z': undo,
      'Mod-y': redo,
      'Shift-Mod-z': redo,
      'Mod-b': toggleMark(strong),
      'Mod-i': toggleMark(em),
      'Mod-u': toggleMark(u),
      Enter: splitListItem(list_item),
      'Shift-Enter': chainCommands(exitCode, insertHardBreak),
      'Mod-[': liftListItem(list_item),
      'Mod-]': sinkListItem(list_item),
      Tab: sinkListItem(list_item),
      'Shift-Tab': liftListItem(list_item),
    }),
    keymap(baseKeymap),
    history(),
    inputRules({
      rules: [
        wrappingInputRule(/^\s*([-+*])\s$/, bullet_list),
        wrappingInputRule(/^(\d+)\.\s$/, ordered_list, (match) => ({ order: Number(match[1]) })),
      ] satisfies InputRule[],
    }),
  ];
}
