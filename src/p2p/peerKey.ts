import { readFile } from 'node:fs/promises';

import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { P2pError } from './p2pError.ts';
import { writeFileAtomic } from '../util/writeFileAtomic.ts';

/**
 * Loads the node's libp2p identity key from `file`, creating an Ed25519 key there when the
 * file does not exist, so the node keeps its peer id across restarts. The file holds the
 * protobuf-encoded key in hex on one line, readable by the owner only.
 */
export async function loadOrCreatePeerKey(file: string): Promise<PrivateKey> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new P2pError('PEER_KEY', `cannot read the peer key ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (text !== undefined) return parsePeerKey(text, file);
  const key = await generateKeyPair('Ed25519');
  await writeFileAtomic(file, Buffer.from(privateKeyToProtobuf(key)).toString('hex') + '\n', 0o600);
  return key;
}

function parsePeerKey(text: string, file: string): PrivateKey {
  const hex = text.trim();
  if (!/^([0-9a-f]{2})+$/i.test(hex)) {
    throw new P2pError('PEER_KEY', `peer key ${file} is not hex: remove it to make a new identity (the node's peer id will change)`);
  }
  try {
    return privateKeyFromProtobuf(Buffer.from(hex, 'hex'));
  } catch (err) {
    throw new P2pError('PEER_KEY', `peer key ${file} is not a libp2p private key (${(err as Error).message}): remove it to make a new identity`, { cause: err });
  }
}
