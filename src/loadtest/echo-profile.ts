/**
 * The profile that drives the raw-echo baseline with the same player kinds and command lines
 * as another profile: every action sends the same line, and since the echo server answers with
 * the line itself, the line is also what ends the step. Login is one echoed `connect` line.
 */
import { ECHO_GREETING } from './echo-server.ts';
import type { Profile, Step } from './profile.ts';

function echoStep(send: string, timeoutMs: number): Step {
  // Placeholders in the sent line are filled per player; the echo carries the same text, so
  // its command word (before any placeholder) is a safe expectation.
  const word = send.split(/[\s{]/, 1)[0] || send;
  return { send, expect: [word], prompt: false, fail: [], timeoutMs };
}

export function echoProfileFor(game: Profile): Profile {
  const actions = new Map<string, Step>();
  for (const [name, step] of game.actions) actions.set(name, echoStep(step.send, step.timeoutMs));
  return {
    ...game,
    name: `raw-echo (mirroring ${game.name})`,
    description: 'a minimal Node TCP line-echo server: the ceiling of this machine and runtime',
    greeting: { send: '', expect: [ECHO_GREETING], prompt: false, fail: [], timeoutMs: 10_000 },
    create: [],
    connect: [echoStep('connect {name} {password}', 10_000)],
    throttled: [],
    failed: [],
    actions,
    // Nothing is broadcast by an echo server; deliveries stay 0 there.
    deliveries: null,
  };
}
