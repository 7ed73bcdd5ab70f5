/**
 * The outputfunc that carries MSDP variables, shared by the Server (which sends it) and the
 * Portal (which writes it): `["msdp", [], {"HEALTH": 7, "ROOM_NAME": "Limbo"}]` reaches an MSDP
 * client as `VAR HEALTH VAL 7 VAR ROOM_NAME VAL Limbo` — each kwarg a variable of its own, as
 * MSDP clients expect for REPORT, SEND and LIST — and goes as MSDP even when the client agreed
 * to GMCP as well. Other clients get it like any outputfunc (GMCP `Core.Msdp`, webclient
 * `msdp`).
 */
export const MSDP_OUTPUTFUNC = 'msdp';
