import { CliError } from './output.ts';

/**
 * Turns a start-up failure the user can fix into a CliError naming the flag that fixes
 * it: a port in use (--rpc-port, --p2p-port, --no-p2p). Anything else (a data directory
 * another node holds open is already explained by the store) passes through unchanged.
 */
export function explainStartFailure(err: unknown, o: { rpcHost: string; rpcPort: number; p2p: boolean; p2pHost: string; p2pPort: number }): unknown {
  const text = errorText(err);
  if (/cannot serve RPC/.test(text) && /EADDRINUSE|in use/.test(text)) {
    return new CliError('RPC_PORT_IN_USE', `the JSON-RPC port ${o.rpcHost}:${o.rpcPort} is in use (another tesnode running?): pick another with --rpc-port PORT (0 picks a free one), and point commands at it with --rpc http://${o.rpcHost}:PORT (or TESNODE_RPC)`);
  }
  if (o.p2p && /EADDRINUSE/.test(text)) {
    return new CliError('P2P_PORT_IN_USE', `the p2p port ${o.p2pHost}:${o.p2pPort} is in use (another tesnode running?): pick another with --p2p-port PORT (0 picks a free one), or run without networking with --no-p2p`);
  }
  return err;
}

// Messages, codes and causes of an error and of everything it wraps (libp2p nests them).
function errorText(err: unknown, depth = 0): string {
  if (err === null || err === undefined || depth > 5) return '';
  if (typeof err !== 'object') return String(err);
  const e = err as { message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
  const parts = [String(e.message ?? ''), String(e.code ?? ''), errorText(e.cause, depth + 1)];
  if (Array.isArray(e.errors)) for (const x of e.errors) parts.push(errorText(x, depth + 1));
  return parts.join(' ');
}
