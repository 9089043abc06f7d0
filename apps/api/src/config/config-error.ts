/** A bad configuration value: the server stops at boot with this message, which names the variable. */
export class ConfigError extends Error {}
