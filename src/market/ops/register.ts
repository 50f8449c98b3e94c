import { MarketError } from '../marketError.ts';
import { requireConfig, readNetwork } from '../records/config.ts';
import { REQUIRED_DOCS, readParticipant, writeParticipant } from '../records/participant.ts';
import { requireRegion } from '../checks.ts';
import { ENERGY_SOURCES, PARTICIPANT_ROLES, type ParticipantRole } from '../types.ts';
import { MAX_CARBON } from './list.ts';
import { readBan } from '../credit/membership.ts';
import { readCreditConfig } from '../credit/config.ts';
import { readCreditRecord } from '../credit/record.ts';
import { creditNow } from '../credit/now.ts';
import { addressFromBytes } from '../../chain/address.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Registered } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.register: apply for a participant role (seller, buyer, chargePoint, storage) in a home region. */
export const registerArgs = { role: Field.text(16), region: Field.text(16), docHash: Field.hash, docFields: Field.u32, source: Field.text(16), carbon: Field.u32 } as const;

/**
 * market.register: applies for a participant role with a hash commitment of the
 * documents (which stay off chain) and the set of document kinds stated. A validator
 * reviews the application (market.review). Re-registration (docs/credit.md): a rejected
 * or exited account may apply again at once, an expelled one after readmitPeriods, a
 * banned one never, and nobody may apply with a banned identity commitment (docHash).
 * Credit history is kept across exits: a returning account gets the score it left with.
 */
export function applyRegister(state: Overlay, ctx: OpContext, args: ArgsOf<typeof registerArgs>): Record<string, never> {
  requireConfig(state);
  const role = args.role;
  const region = args.region;
  const docHash = args.docHash;
  const docFields = args.docFields;
  if (!(PARTICIPANT_ROLES as readonly string[]).includes(role)) {
    throw new MarketError('BAD_ROLE', `'${role}' is not a participant role; apply as one of ${PARTICIPANT_ROLES.join(', ')}`);
  }
  const need = REQUIRED_DOCS[role as ParticipantRole];
  if ((docFields & need) !== need) {
    throw new MarketError('MISSING_DOCUMENTS', `a ${role} must state the document kinds ${need} (bit set), got ${docFields}: add the missing kinds ${need & ~docFields}`);
  }
  requireRegion(readNetwork(state), region);
  const source = args.source;
  const carbon = args.carbon;
  if (role === 'seller') {
    if (!(ENERGY_SOURCES as readonly string[]).includes(source)) {
      throw new MarketError('BAD_SOURCE', `a seller declares its energy source, one of ${ENERGY_SOURCES.join(', ')}; got '${source}'`);
    }
    if (carbon > MAX_CARBON) throw new MarketError('BAD_SOURCE', `carbon intensity must be at most ${MAX_CARBON} g CO2/kWh, got ${carbon}`);
  } else if (source !== '' || carbon !== 0) {
    throw new MarketError('BAD_SOURCE', `only sellers declare an energy source; a ${role} leaves source '' and carbon 0`);
  }
  const prev = readParticipant(state, ctx.sender);
  if (prev && (prev.status === 'pending' || prev.status === 'approved' || prev.status === 'exiting')) {
    const how = prev.status === 'exiting' ? 'being forced out; its exit completes when its open positions settle' : `already ${prev.status} as '${prev.role}'; exit first to apply again`;
    throw new MarketError('ALREADY_REGISTERED', `this account is ${how}`);
  }
  if (prev?.status === 'banned') throw new MarketError('BANNED', `this account was banned by the regulator (${prev.reason}); a ban is permanent`);
  const ban = readBan(state, docHash);
  if (ban) {
    throw new MarketError('BANNED', `the identity commitment (docHash) was banned at height ${ban.height} (account ${addressFromBytes(ban.account)}: ${ban.reason}); a banned identity cannot register again`);
  }
  if (prev?.status === 'expelled') {
    const wait = readCreditConfig(state).readmitPeriods;
    const since = readCreditRecord(state, ctx.sender)?.exitPeriod ?? 0;
    const now = creditNow(ctx, ctx.header).period;
    if (now < since + wait) {
      throw new MarketError('READMIT_TOO_SOON', `this account was expelled in period ${since}; it may apply again from period ${since + wait} (readmitPeriods ${wait}), now is ${now}`);
    }
  }
  writeParticipant(state, ctx.sender, {
    role: role as ParticipantRole,
    status: 'pending',
    region,
    docHash,
    docFields,
    source,
    carbon,
    reason: '',
    appliedHeight: ctx.header.height,
    reviewedHeight: 0,
    open: 0,
  });
  ctx.emit(Registered, { account: ctx.sender, role });
  return {};
}
