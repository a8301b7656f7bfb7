/** The first port of the Linux ephemeral range ECS assigns dynamic host ports from (bridge mode). */
export const EPHEMERAL_PORT_FROM = 32768;
/** The last port of that range. */
export const EPHEMERAL_PORT_TO = 65535;
