/**
 * This game's settings: only the values it changes from Waystone's defaults
 * (see src/config/defaults.ts in the waystone package for every setting, with comments).
 * Any setting can also be set at start with WAYSTONE_<SETTING_IN_UPPER_SNAKE>, e.g.
 * WAYSTONE_TELNET_PORT=4100.
 */
import type { SettingsOverrides } from 'waystone';

const settings: SettingsOverrides = {
  serverName: 'Waystone Demo',
};

export default settings;
