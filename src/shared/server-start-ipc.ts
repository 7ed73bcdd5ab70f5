/**
 * The few messages a Portal and the Server process it spawned exchange over Node's IPC channel
 * while that Server starts (the link is not up yet). A Server prepares everything that can fail
 * without touching the world — the config, the game's code and its setup — then says `loaded`
 * (or `failed`, with the reason) and waits for `go`. A reload asks the old Server to stop only
 * after the new one said `loaded`, so broken game code never takes the game down.
 *
 *   Portal                        Server (spawned with an IPC channel)
 *                                 config → game code → setup()
 *          ◄── loaded | failed ──
 *   (reload: old Server stops)
 *          ── go {token} ──►
 *                                 open storage → load world → link up
 *          ◄── failed ──          (only if one of those fails; then it exits 1)
 */
import { z } from 'zod';

/**
 * Portal → Server: open the database and serve. `token` is this process's one-time link token:
 * the Portal takes the Server role only from the process it started (see link/handshake.ts).
 */
export const goMessageSchema = z.object({ t: z.literal('go'), token: z.string().min(16) });
export type GoMessage = z.infer<typeof goMessageSchema>;

export const serverStartMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('loaded') }),
  z.object({
    t: z.literal('failed'),
    /** A stable error code (GAME_CODE, CONFIG_INVALID, STORAGE_…). */
    code: z.string().max(100),
    /** What a person needs to fix it: for game code, `file:line:column: message`. */
    text: z.string().max(8000),
  }),
]);
export type ServerStartMessage = z.infer<typeof serverStartMessageSchema>;
