/**
 * The builder commands (`cmd:perm(Builder)`, help category Building), as one list the character
 * cmdset adds: players without the permission neither see nor can use them. `perm` is for
 * Admins; `quell`/`unquell` are locked on the account's own permission (quell.ts). Each works
 * with Evennia's `@` too (`@dig`): the command matcher drops `@&/+` when nothing else matches.
 */
import type { GameServices } from '../../../game-services.ts';
import type { Command } from '../../command.ts';
import { CmdCpAttr, CmdMvAttr, CmdWipe } from './attributes.ts';
import { CmdBatchCode } from './batchcode.ts';
import { CmdCopy } from './copy.ts';
import { CmdDescribe } from './describe.ts';
import { CmdExamine } from './examine.ts';
import { CmdFind } from './find.ts';
import { CmdLink, CmdSetHome, CmdUnlink } from './links.ts';
import { CmdLock } from './lock.ts';
import { CmdAlias, CmdName } from './naming.ts';
import { CmdPerm } from './perm.ts';
import { CmdQuell, CmdUnquell } from './quell.ts';
import { CmdDig, CmdOpen } from './rooms.ts';
import { CmdSetAttribute } from './set.ts';
import { CmdSetHelp } from './sethelp.ts';
import { CmdSpawn } from './spawn.ts';
import { CmdTag } from './tags.ts';
import { CmdTeleport } from './teleport.ts';
import { CmdCreate, CmdDestroy } from './things.ts';
import { CmdTunnel } from './tunnel.ts';
import { CmdTypeclass } from './typeclass.ts';

export function builderCommands(services: GameServices): Command[] {
  return [
    new CmdDig(services),
    new CmdOpen(services),
    new CmdCreate(services),
    new CmdDestroy(services),
    new CmdDescribe(services),
    new CmdTeleport(services),
    new CmdSetAttribute(services),
    new CmdExamine(services),
    new CmdLock(services),
    new CmdTunnel(services),
    new CmdLink(services),
    new CmdUnlink(services),
    new CmdSetHome(services),
    new CmdName(services),
    new CmdAlias(services),
    new CmdTag(services),
    new CmdFind(services),
    new CmdCopy(services),
    new CmdWipe(services),
    new CmdCpAttr(services),
    new CmdMvAttr(services),
    new CmdTypeclass(services),
    new CmdPerm(services),
    new CmdQuell(services),
    new CmdUnquell(services),
    new CmdSpawn(services),
    new CmdSetHelp(services),
    new CmdBatchCode(services),
  ];
}
