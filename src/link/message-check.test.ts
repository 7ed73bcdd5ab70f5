import { describe, expect, it } from 'vitest';
import { checkPortalToServer, checkServerToPortal } from './message-check.ts';
import { portalToServerSchema, serverToPortalSchema } from './messages.ts';

/** Variants of a hot message, valid and not, that the guards must judge exactly as zod does. */
function variants(t: string): unknown[] {
  const call = ['text', ['look'], {}];
  return [
    { t, sessid: 1, cmds: [call] },
    { t, sessid: 7, cmds: [] },
    { t, sessid: 2, cmds: [call, ['prompt', ['> '], { echo: false }]] },
    { t, sessid: 0, cmds: [call] },
    { t, sessid: -3, cmds: [call] },
    { t, sessid: 1.5, cmds: [call] },
    { t, sessid: 2 ** 60, cmds: [call] },
    { t, sessid: '1', cmds: [call] },
    { t, cmds: [call] },
    { t, sessid: 1 },
    { t, sessid: 1, cmds: {} },
    { t, sessid: 1, cmds: [['', ['look'], {}]] },
    { t, sessid: 1, cmds: [['x'.repeat(200), [], {}]] },
    { t, sessid: 1, cmds: [['x'.repeat(201), [], {}]] },
    { t, sessid: 1, cmds: [[7, [], {}]] },
    { t, sessid: 1, cmds: [['text', 'look', {}]] },
    { t, sessid: 1, cmds: [['text', ['look'], []]] },
    { t, sessid: 1, cmds: [['text', ['look'], null]] },
    { t, sessid: 1, cmds: [['text', ['look']]] },
    { t, sessid: 1, cmds: [['text', ['look'], {}, 'extra']] },
    { t, sessid: 1, cmds: [call, null] },
    [t, 1, [call]],
    null,
    'input',
  ];
}

describe('message checks', () => {
  it('judge every input variant exactly as the zod schema does', () => {
    for (const raw of variants('input')) {
      const fast = checkPortalToServer(raw);
      const zod = portalToServerSchema.safeParse(raw);
      expect({ raw, ok: fast.ok }).toEqual({ raw, ok: zod.success });
      if (fast.ok && zod.success) expect(fast.message).toEqual(zod.data);
    }
  });

  it('judge every output variant exactly as the zod schema does', () => {
    for (const raw of variants('output')) {
      const fast = checkServerToPortal(raw);
      const zod = serverToPortalSchema.safeParse(raw);
      expect({ raw, ok: fast.ok }).toEqual({ raw, ok: zod.success });
      if (fast.ok && zod.success) expect(fast.message).toEqual(zod.data);
    }
  });

  it('drop unknown keys, as zod does', () => {
    const checked = checkServerToPortal({ t: 'output', sessid: 3, cmds: [], extra: 'x' });
    expect(checked).toEqual({ ok: true, message: { t: 'output', sessid: 3, cmds: [] } });
  });

  it('name the type and the place of the first problem in a malformed hot message', () => {
    const checked = checkPortalToServer({ t: 'input', sessid: 1, cmds: [['', [], {}]] });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(/^invalid "input" message at cmds\.0\.0: /);
  });

  it('leave the other message types to zod', () => {
    expect(checkPortalToServer({ t: 'sessionClosed', sessid: 4, reason: 'bye' })).toEqual({
      ok: true,
      message: { t: 'sessionClosed', sessid: 4, reason: 'bye' },
    });
    const wrongWay = checkPortalToServer({ t: 'output', sessid: 1, cmds: [] });
    expect(wrongWay.ok).toBe(false);
    if (!wrongWay.ok) expect(wrongWay.error).toMatch(/^invalid "output" message/);
  });

  it('check outputShared exactly as zod does', () => {
    const call = ['text', ['hi'], {}];
    for (const raw of [
      { t: 'outputShared', sessids: [1, 2], cmds: [call] },
      { t: 'outputShared', sessids: [], cmds: [call] },
      { t: 'outputShared', sessids: [1, 0], cmds: [call] },
      { t: 'outputShared', sessids: 1, cmds: [call] },
      { t: 'outputShared', sessids: [1], cmds: [['', [], {}]] },
      { t: 'outputShared', sessids: [1], cmds: [call], extra: 1 },
    ]) {
      const fast = checkServerToPortal(raw);
      const zod = serverToPortalSchema.safeParse(raw);
      expect({ raw, ok: fast.ok }).toEqual({ raw, ok: zod.success });
      if (fast.ok && zod.success) expect(fast.message).toEqual(zod.data);
    }
  });
});
