import type { ConnectionGater, PeerId } from '@libp2p/interface';

/** One refused peer. */
export interface Ban {
  readonly peerId: string;
  readonly until: number;
  readonly reason: string;
}

/** Peers refused for a while; expired bans disappear when looked at. */
export class BanList {
  private readonly bans = new Map<string, Ban>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Refuses `peerId` for `ms`; a longer existing ban is kept. */
  ban(peerId: string, ms: number, reason: string): void {
    const until = this.now() + ms;
    const prev = this.bans.get(peerId);
    if (!prev || prev.until < until) this.bans.set(peerId, { peerId, until, reason });
  }

  /** True while a ban on the peer lasts. */
  isBanned(peerId: string): boolean {
    const b = this.bans.get(peerId);
    if (!b) return false;
    if (b.until > this.now()) return true;
    this.bans.delete(peerId);
    return false;
  }

  /** Lifts a ban early (operator command). */
  unban(peerId: string): void {
    this.bans.delete(peerId);
  }

  /** Current bans, for `tesnode peers`. */
  list(): Ban[] {
    return [...this.bans.keys()].filter((id) => this.isBanned(id)).map((id) => this.bans.get(id)!);
  }
}

/** A libp2p connection gater refusing banned peers, inbound and outbound, at every stage it can. */
export function createBanGater(bans: BanList): ConnectionGater {
  const denied = (peerId: PeerId) => bans.isBanned(peerId.toString());
  return {
    denyDialPeer: denied,
    denyInboundEncryptedConnection: denied,
    denyOutboundEncryptedConnection: denied,
    denyInboundUpgradedConnection: denied,
    denyOutboundUpgradedConnection: denied,
  };
}
