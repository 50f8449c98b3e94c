/** Where the network layer reports what it does; the node's Logger fits this shape. */
export interface P2pLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentP2pLogger: P2pLogger = { debug() {}, info() {}, warn() {}, error() {} };
