/**
 * The builder commands (`cmd:perm(Builder)`, help category Building), as one list the character
 * cmdset adds: players without the permission neither see nor can use them.
 */
import type { GameServices } from '../../../game-services.ts';
import type { Command } from '../../command.ts';
import { CmdDescribe } from './describe.ts';
import { CmdExamine } from './examine.ts';
import { CmdLock } from './lock.ts';
import { CmdDig, CmdOpen } from './rooms.ts';
import { CmdSetAttribute } from './set.ts';
import { CmdTeleport } from './teleport.ts';
import { CmdCreate, CmdDestroy } from './things.ts';

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
  ];
}
