/**
 * Request/response over libp2p streams: one length-prefixed request, then length-prefixed
 * response frames, each starting with a kind byte (item, end, or error). Both sides cap
 * sizes and counts and run under a deadline, so a slow or hostile peer costs a bounded
 * amount of memory and time.
 */
import { lpStream } from '@libp2p/utils';
import type { Libp2p, PeerId, Stream } from '@libp2p/interface';
import { P2pError, errorCode, type P2pErrorCode } from './p2pError.ts';

const ITEM = 0;
const END = 1;
const ERROR = 2;
const MAX_ERROR_TEXT = 256;

/** Serves one request: returns the response items, or throws P2pError('BAD_REQUEST' | 'RATE_LIMITED'). */
export type RequestHandler = (request: Uint8Array, peer: PeerId) => Promise<Uint8Array[]>;

/** Limits of a served protocol. */
export interface ServeOptions {
  readonly maxRequestBytes: number;
  readonly timeoutMs: number;
  /** Concurrent requests one connection may have open on this protocol. */
  readonly maxInboundStreams?: number;
  readonly onError?: (peer: PeerId, err: unknown) => void;
}

/** Limits of a request: what the requester is willing to receive. */
export interface RequestOptions {
  readonly maxItems: number;
  readonly maxItemBytes: number;
  readonly maxTotalBytes: number;
  readonly timeoutMs: number;
}

function frame(kind: number, payload?: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + (payload?.length ?? 0));
  out[0] = kind;
  if (payload) out.set(payload, 1);
  return out;
}

/** Registers `handler` for `protocol`; each stream carries one request. */
export async function serveProtocol(libp2p: Pick<Libp2p, 'handle'>, protocol: string, handler: RequestHandler, opts: ServeOptions): Promise<void> {
  await libp2p.handle(
    protocol,
    async (stream, connection) => {
      const signal = AbortSignal.timeout(opts.timeoutMs);
      const lp = lpStream(stream, { maxDataLength: opts.maxRequestBytes });
      try {
        const request = plainBytes((await lp.read({ signal })).subarray());
        let frames: Uint8Array[];
        try {
          frames = [...(await handler(request, connection.remotePeer)).map((item) => frame(ITEM, item)), frame(END)];
        } catch (err) {
          const code = errorCode(err) === 'BAD_REQUEST' || errorCode(err) === 'RATE_LIMITED' ? errorCode(err)! : 'SERVER_ERROR';
          // A local fault is reported without detail: the peer needs the code, not our internals.
          const text = code === 'SERVER_ERROR' ? code : `${code}: ${(err as Error).message}`;
          frames = [frame(ERROR, new TextEncoder().encode(text.slice(0, MAX_ERROR_TEXT)))];
          if (code === 'SERVER_ERROR') opts.onError?.(connection.remotePeer, err);
        }
        await lp.writeV(frames, { signal });
        await stream.close({ signal });
      } catch (err) {
        stream.abort(err as Error);
      }
    },
    { maxInboundStreams: opts.maxInboundStreams ?? 4, maxOutboundStreams: 16 },
  );
}

/**
 * Sends one request to `peer` and collects the response items. Throws P2pError:
 * TIMEOUT, DIAL_FAILED (no connection or protocol), BAD_RESPONSE (malformed, oversized,
 * truncated), or the code the server answered with.
 */
export async function sendRequest(libp2p: Pick<Libp2p, 'dialProtocol'>, peer: PeerId, protocol: string, body: Uint8Array, opts: RequestOptions): Promise<Uint8Array[]> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let stream: Stream;
  try {
    stream = await libp2p.dialProtocol(peer, protocol, { signal });
  } catch (err) {
    if (signal.aborted) throw new P2pError('TIMEOUT', `opening ${protocol} to ${peer} timed out`, { cause: err });
    throw new P2pError('DIAL_FAILED', `cannot open ${protocol} to ${peer}: ${(err as Error).message}`, { cause: err });
  }
  const lp = lpStream(stream, { maxDataLength: opts.maxItemBytes + 1, maxBufferSize: 2 * opts.maxItemBytes + 64 * 1024 });
  try {
    await lp.write(body, { signal });
    await stream.close({ signal });
    const items: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const f = (await lp.read({ signal })).subarray();
      const kind = f[0];
      if (kind === END && f.length === 1) return items;
      if (kind === ERROR) throw remoteError(f.subarray(1), peer, protocol);
      if (kind !== ITEM) throw new P2pError('BAD_RESPONSE', `${peer} sent an unknown frame on ${protocol}`);
      total += f.length - 1;
      if (items.length >= opts.maxItems || total > opts.maxTotalBytes) {
        throw new P2pError('BAD_RESPONSE', `${peer} sent more than ${opts.maxItems} items or ${opts.maxTotalBytes} bytes on ${protocol}`);
      }
      items.push(plainBytes(f.subarray(1)));
    }
  } catch (err) {
    stream.abort(err as Error);
    if (err instanceof P2pError) throw err;
    if (signal.aborted) throw new P2pError('TIMEOUT', `${protocol} request to ${peer} timed out after ${opts.timeoutMs} ms`, { cause: err });
    throw new P2pError('BAD_RESPONSE', `${protocol} response from ${peer} failed: ${(err as Error).message}`, { cause: err });
  }
}

// Frames come out as Node Buffers; callers get plain Uint8Array views of the same memory.
function plainBytes(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function remoteError(text: Uint8Array, peer: PeerId, protocol: string): P2pError {
  const message = new TextDecoder().decode(text.subarray(0, MAX_ERROR_TEXT));
  const code = message.split(':', 1)[0] as P2pErrorCode;
  const known: readonly P2pErrorCode[] = ['BAD_REQUEST', 'RATE_LIMITED', 'SERVER_ERROR'];
  return new P2pError(known.includes(code) ? code : 'BAD_RESPONSE', `${peer} answered ${protocol} with ${message}`);
}
