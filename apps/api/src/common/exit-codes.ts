/**
 * The exit code of a process that cannot run with its configuration (sysexits' EX_CONFIG): a missing or
 * invalid setting, a key-encryption key that does not open the data keys. npm start's supervisor
 * (scripts/lib/supervisor.ts) does not restart a process that exits with it; restarting cannot help.
 */
export const EXIT_CONFIG = 78;
