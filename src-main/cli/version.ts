/** The version every face of the CLI reports (kept in step with package.json). */
export const SEALDROP_VERSION = '0.1.0';
