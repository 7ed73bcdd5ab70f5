/**
 * A node as the player sees it and answers it: the options numbered or keyed, the text with
 * its options below, and which option a typed line chooses.
 *
 *   Your characters (1 of 5):
 *     Ann [Limbo]
 *
 *    1: Play Ann
 *    2: Create a character
 *    q: Leave
 *
 * Option keys are links (`|lc1|lt1|le`): a client that shows MXP or the webclient sends the
 * key when clicked; everywhere else they read as the key.
 */
import { WaystoneError } from '../../shared/errors.ts';
import { DEFAULT_OPTION, type MenuGoto, type MenuNodeResult } from './menu-types.ts';

/** One option, ready to be matched: every key lower-cased, and the one shown. */
export interface ShownOption {
  readonly keys: readonly string[];
  readonly label: string;
  readonly desc: string;
  /** Absent: the same node again. */
  readonly goto?: MenuGoto;
}

export interface ShownNode {
  readonly text: string;
  readonly help: string | null;
  readonly options: readonly ShownOption[];
  /** The `_default` option, taking any line no other option takes. */
  readonly fallback: ShownOption | null;
}

/** Number the unkeyed options and check the keys; MENU_INVALID (naming the node) if bad. */
export function prepareNode(result: MenuNodeResult, menu: string, node: string): ShownNode {
  if (typeof result.text !== 'string') {
    throw new WaystoneError(
      'MENU_INVALID',
      `Menu '${menu}', node '${node}': its text is not a string.`,
    );
  }
  const options: ShownOption[] = [];
  let fallback: ShownOption | null = null;
  let number = 0;
  const taken = new Set<string>();
  for (const option of result.options ?? []) {
    const given =
      option.key === undefined
        ? []
        : typeof option.key === 'string'
          ? [option.key]
          : [...option.key];
    const keys = given.map((k) => (typeof k === 'string' ? k.trim().toLowerCase() : ''));
    if (keys.some((k) => k === '')) {
      throw new WaystoneError(
        'MENU_INVALID',
        `Menu '${menu}', node '${node}': an option has an empty key.`,
      );
    }
    const goto = option.goto as MenuGoto | undefined;
    const shown = {
      desc: option.desc ?? '',
      ...(goto === undefined ? {} : { goto }),
    };
    if (keys.includes(DEFAULT_OPTION)) {
      fallback = { keys: [DEFAULT_OPTION], label: DEFAULT_OPTION, ...shown };
      continue;
    }
    if (keys.length === 0) keys.push(String(++number));
    for (const key of keys) {
      if (taken.has(key)) {
        throw new WaystoneError(
          'MENU_INVALID',
          `Menu '${menu}', node '${node}': two options answer to '${key}'.`,
        );
      }
      taken.add(key);
    }
    options.push({ keys, label: given[0]?.trim() ?? (keys[0] as string), ...shown });
  }
  return { text: result.text, help: result.help ?? null, options, fallback };
}

/** The node's text, then its options, one a line. */
export function renderNode(node: ShownNode): string {
  if (node.options.length === 0) return node.text;
  const lines = node.options.map((o) => ` ${link(o.label)}${o.desc === '' ? '' : `: ${o.desc}`}`);
  return `${node.text}\n\n${lines.join('\n')}`;
}

/** The option a line chooses (its keys, any case), if any. */
export function chosenOption(node: ShownNode, line: string): ShownOption | undefined {
  const typed = line.trim().toLowerCase();
  if (typed === '') return undefined;
  return node.options.find((o) => o.keys.includes(typed));
}

/** A key that sends itself when clicked; one holding a bar stays plain text. */
function link(label: string): string {
  return label.includes('|') ? label.replaceAll('|', '||') : `|lc${label}|lt${label}|le`;
}
