/**
 * The sa password used when none is configured (CLI: --sa-password or SSISD_EMULATOR_SA_PASSWORD). It is
 * published here on purpose: the emulator is a local development stand-in, and the CLI warns when it
 * falls back to it.
 */
export const DEV_SA_PASSWORD = 'Emulator!Dev2024';
