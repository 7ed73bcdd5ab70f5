import { describe, expect, it } from 'vitest';
import { renderForFlags } from '../../shared/markup/index.ts';
import { chosenOption, prepareNode, renderNode } from './menu-render.ts';

describe('a node as shown', () => {
  const node = prepareNode(
    {
      text: 'Pick one.',
      options: [
        { desc: 'First' },
        { key: ['Y', 'yes'], desc: 'Yes' },
        { desc: 'Second' },
        { key: '_default', goto: 'x' },
      ],
    },
    'm',
    'start',
  );

  it('numbers the unkeyed options in order and shows a keyed one by its first key', () => {
    expect(node.options.map((o) => o.label)).toEqual(['1', 'Y', '2']);
    expect(node.fallback?.goto).toBe('x');
    const plain = renderForFlags(renderNode(node), { NOCOLOR: true });
    expect(plain).toBe('Pick one.\n\n 1: First\n Y: Yes\n 2: Second');
  });

  it('makes each key a link that sends it', () => {
    expect(renderNode(node)).toContain('|lc1|lt1|le: First');
  });

  it('matches any of an option key, in any case, and numbers', () => {
    expect(chosenOption(node, ' YES ')?.desc).toBe('Yes');
    expect(chosenOption(node, 'y')?.desc).toBe('Yes');
    expect(chosenOption(node, '2')?.desc).toBe('Second');
    expect(chosenOption(node, '3')).toBeUndefined();
    expect(chosenOption(node, '')).toBeUndefined();
  });

  it('refuses two options answering to one key, and an empty key', () => {
    expect(() => prepareNode({ text: '', options: [{ key: '1' }, {}] }, 'm', 'n')).toThrow(
      expect.objectContaining({ code: 'MENU_INVALID' }) as Error,
    );
    expect(() => prepareNode({ text: '', options: [{ key: ' ' }] }, 'm', 'n')).toThrow(
      expect.objectContaining({ code: 'MENU_INVALID' }) as Error,
    );
  });
});
