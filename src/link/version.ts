/**
 * The link protocol's identity. Bump LINK_PROTOCOL_VERSION whenever a message changes shape;
 * both ends refuse a peer with another version, with a message that says which versions met.
 */
export const LINK_MAGIC = 'waystone-link';
// 2: `outputShared` (one output for several sessions).
// 3: `stopFailed`; status says which game the Portal serves and why a Server failed to start.
// 4: sessions carry `suid` and `flagsSeq`; syncs carry only the changed protocol flags, merged;
//    a clean `syncSessions` says `through` which announcement the Server had taken.
// 5: `serverConnect`/`serverDisconnect` (outbound bridges) and `bridgeRefused`.
export const LINK_PROTOCOL_VERSION = 5;
