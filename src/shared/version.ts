/** The engine's version, shown by `info` and `waystone --version`. Keep in step with package.json. */
export const WAYSTONE_VERSION = '0.1.0';
