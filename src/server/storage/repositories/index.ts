/**
 * Builds the repositories over one kysely handle: the pool (each call its own
 * transaction) or one transaction's connection.
 */
import type { Repositories } from '../types.ts';
import { createAccountRepository } from './accounts.ts';
import { createAttributeRepository } from './attributes.ts';
import { createChannelMessageRepository } from './channel-messages.ts';
import { createChannelRepository } from './channels.ts';
import { createConfigRepository } from './config.ts';
import type { RepositoryContext } from './context.ts';
import { createObjectRepository } from './objects.ts';
import { createDelayRepository } from './delays.ts';
import { createHelpEntryRepository } from './help-entries.ts';
import { createPrototypeRepository } from './prototypes.ts';
import { createScriptRepository } from './scripts.ts';
import { createTagRepository } from './tags.ts';
import { createTickerRepository } from './tickers.ts';

export function createRepositories(ctx: RepositoryContext): Repositories {
  return {
    accounts: createAccountRepository(ctx),
    objects: createObjectRepository(ctx),
    attributes: createAttributeRepository(ctx),
    tags: createTagRepository(ctx),
    config: createConfigRepository(ctx),
    scripts: createScriptRepository(ctx),
    tickers: createTickerRepository(ctx),
    delays: createDelayRepository(ctx),
    channels: createChannelRepository(ctx),
    channelMessages: createChannelMessageRepository(ctx),
    prototypes: createPrototypeRepository(ctx),
    helpEntries: createHelpEntryRepository(ctx),
  };
}
