/**
 * What a game imports from `waystone`. Game code runs in the Server: commands, cmdsets, account
 * classes and the setup hook. The Portal is a process a game configures, not code it calls.
 */
export type { SettingsOverrides, Config } from './config/load.ts';
export type { Settings } from './config/schema.ts';
export { DEFAULT_SETTINGS } from './config/defaults.ts';
export {
  ServerSession,
  type SessionClass,
  type SessionOutlet,
} from './server/sessions/server-session.ts';
export type { InputFunc, InputCall } from './server/inputfuncs/registry.ts';
export type {
  ClientVariables,
  ClientVariableSpec,
  VariableContext,
} from './server/monitoring/client-variables.ts';
export type { GameSetup, DefaultCmdSetName } from './server/game-setup.ts';
export type { GameServices } from './server/game-services.ts';
export { Command } from './server/commands/command.ts';
export { CmdSet, type MergeType } from './server/commands/cmdset.ts';
export { InterruptCommand } from './server/commands/interrupt.ts';
export { DefaultAccount } from './server/accounts/account.ts';
export { DefaultObject } from './server/objects/object.ts';
export { DefaultRoom } from './server/objects/room.ts';
export { DefaultExit } from './server/objects/exit.ts';
export { DefaultCharacter } from './server/objects/character.ts';
export type { RoomInfo, Vitals } from './server/objects/client-data.ts';
export type { WorldBuilder } from './server/game-setup.ts';
export { CommandTestKit, TestSession } from './server/commands/test-support.ts';
export {
  WorldTestKit,
  type KitPlayer,
} from './server/commands/default/character/world-test-kit.ts';
export { WaystoneError } from './shared/errors.ts';
// Building: prototypes (spawn), help entries, build files (batchcode).
export type { Prototype, PrototypeTag, PrototypeValue } from './server/prototypes/prototype.ts';
export type { PrototypeRegistry } from './server/prototypes/registry.ts';
export type { HelpEntryInput, HelpEntryRegistry } from './server/commands/help-entries.ts';
export type {
  BuildFile,
  BuildRef,
  BuildReport,
  BuildWorld,
  ExitSpec,
  ObjectSpec,
  PlannedObject,
} from './server/batch/build-world.ts';
export type { BuildRunner } from './server/batch/build-runner.ts';
// Markup: what a client shows of game text, and text others write made safe (markup trust).
export {
  neutralise,
  playerText,
  renderForFlags,
  stripMarkup,
  type PlayerMarkup,
} from './shared/markup/index.ts';
export { authoredText, writesMarkup } from './server/objects/authored-text.ts';
// Text tools (server/text-ui/): tables fitted to the client, colour-aware wrapping, and
// messages in actor stance ($You() $conj(open) $obj(door, the).) with a game's own functions.
export {
  table,
  tableForClient,
  type Align,
  type CellValue,
  type TableBorder,
  type TableColumn,
  type TableSpec,
} from './server/text-ui/table.ts';
export { wrapMarkup } from './server/text-ui/wrap.ts';
export { markupWidth } from './server/text-ui/styled-text.ts';
export { displayWidth } from './server/text-ui/display-width.ts';
export {
  escapeInlineFuncs,
  type InlineFuncRegistry,
  type InlineContext,
  type InlineFunc,
  type InlineMapping,
  type InlineOptions,
  type NameView,
  type StanceEntity,
} from './server/text-ui/inline-funcs.ts';
export { MOVE_LINES } from './server/objects/move-lines.ts';
// Menus and the line editor: text tools a game builds its interface from.
export {
  DEFAULT_OPTION,
  type GotoFunction,
  type GotoResult,
  type MenuContext,
  type MenuEndReason,
  type MenuGoto,
  type MenuNode,
  type MenuNodeResult,
  type MenuNodes,
  type MenuOption,
  type MenuSettings,
  type StartMenuOptions,
} from './server/menus/menu-types.ts';
export type { Menus } from './server/menus/menus.ts';
export type {
  EditorContext,
  EditorSave,
  EditorSaveResult,
  LineEditors,
  StartEditorOptions,
} from './server/editor/line-editor.ts';
export {
  characterName,
  newCharacterProblem,
} from './server/commands/default/account/new-character.ts';
export { WAYSTONE_VERSION } from './shared/version.ts';
export { Script, type ScriptClass, type RestartOptions } from './server/scripts/script.ts';
export type {
  ScriptManager,
  AddScriptOptions,
  FindScripts,
} from './server/scripts/script-manager.ts';
export type { Tickers, TickerOptions, TickerSubscription } from './server/scripts/tickers.ts';
export type { Delays, DelayHandle } from './server/scripts/delays.ts';
export type { ObjectScripts } from './server/scripts/object-scripts.ts';
export type { CatchUp } from './server/storage/types.ts';
export type { SayOptions } from './server/objects/object.ts';
export { DefaultChannel } from './server/comms/channel.ts';
