// Green certificates: volume totals and the compliance period, open certificate
// listings, and an account's matching score (its metered consumption matched by claimed
// certificates of the same delivery period, beside the share over the whole range).

import { $, el, fillRows, renderIfChanged, setText } from '../lib/dom.js';
import { addressCell, group } from '../lib/format.js';

const LISTINGS_SHOWN = 20;
/** Delivery periods the matching form covers by default, ending at the current one. */
const MATCHING_SPAN = 24;

const state = { matching: undefined, currentPeriod: 0, ctx: undefined };

/** Basis points (10,000 = 100 %) as a percent with two decimals, from integers only. */
function percent(bp) {
  const n = BigInt(bp);
  return `${n / 100n}.${String(n % 100n).padStart(2, '0')} %`;
}

function mount() {
  const section = el(
    'section',
    { id: 'certificates', class: 'card wide', 'aria-labelledby': 'cert-h', hidden: true },
    el('h2', { id: 'cert-h', text: 'Green certificates' }),
    el(
      'dl',
      { class: 'facts' },
      fact('Compliance period', 'cert-compliance'),
      fact('Issued Wh', 'cert-issued'),
      fact('Held Wh', 'cert-free'),
      fact('Listed Wh', 'cert-listed'),
      fact('Claimed Wh', 'cert-claimed'),
      fact('Revoked Wh', 'cert-revoked'),
      fact('Fine µTES/MWh', 'cert-fine'),
    ),
    el(
      'div',
      { class: 'scroll', role: 'region', 'aria-labelledby': 'cert-listings-caption', tabindex: '0' },
      el(
        'table',
        { id: 'cert-listings' },
        el('caption', { id: 'cert-listings-caption', text: 'Open certificate listings, newest first' }),
        el('thead', {}, el('tr', {}, ...['Listing', 'Lot', 'Source', 'Region', 'Period', 'Rest Wh', 'Price µTES/kWh', 'Seller'].map((h, i) => el('th', { scope: 'col', class: i === 1 || i >= 4 && i <= 6 ? 'num' : undefined, text: h })))),
        el('tbody'),
      ),
    ),
    el('h3', { id: 'cert-matching-h', text: 'Matching score' }),
    el(
      'form',
      { id: 'cert-matching-form', class: 'lookup' },
      el('label', { for: 'cert-matching-address', text: 'Account' }),
      el('input', { id: 'cert-matching-address', name: 'address', autocomplete: 'off', spellcheck: 'false', placeholder: 'tes1…', maxlength: '120' }),
      el('label', { for: 'cert-matching-from', text: 'From period' }),
      el('input', { id: 'cert-matching-from', name: 'from', inputmode: 'numeric', size: '6' }),
      el('label', { for: 'cert-matching-to', text: 'to' }),
      el('input', { id: 'cert-matching-to', name: 'to', inputmode: 'numeric', size: '6' }),
      el('button', { type: 'submit', text: 'Show' }),
    ),
    el('div', { id: 'cert-matching-result', 'aria-live': 'polite' }),
  );
  section.querySelector('form').addEventListener('submit', onMatching);
  return section;
}

function fact(label, id) {
  return el('div', {}, el('dt', { text: label }), el('dd', { id, text: '…' }));
}

async function refresh(ctx) {
  state.ctx = ctx;
  const [status, listings] = await ctx.rpcBatch([['cert_status'], ['cert_listings', { count: LISTINGS_SHOWN }]]);
  const section = $('certificates');
  if (status instanceof ctx.RpcFailure || !status.enabled) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  state.currentPeriod = status.currentPeriod;
  renderIfChanged('cert-status', status, renderStatus);
  if (!(listings instanceof ctx.RpcFailure)) renderIfChanged('cert-listings', listings, renderListings);
  if (state.matching) await showMatching(state.matching);
}

function renderStatus(s) {
  const c = s.compliance;
  setText('cert-compliance', `${c.period} (delivery ${c.firstDeliveryPeriod}–${c.lastDeliveryPeriod}, ${c.closed ? 'closed' : `closes when ${c.closesWhenSettled} settles`})`);
  setText('cert-issued', group(s.totals.issued));
  setText('cert-free', group(s.totals.free));
  setText('cert-listed', group(s.totals.listed));
  setText('cert-claimed', group(s.totals.claimed));
  setText('cert-revoked', group(s.totals.revoked));
  setText('cert-fine', group(s.finePerMWh));
  const from = $('cert-matching-from');
  const to = $('cert-matching-to');
  if (!from.value) from.value = String(Math.max(0, s.currentPeriod - MATCHING_SPAN + 1));
  if (!to.value) to.value = String(s.currentPeriod);
}

function renderListings(result) {
  const rows = result.listings.map((l) =>
    el(
      'tr',
      {},
      el('td', { text: `#${l.id}` }),
      el('td', { class: 'num', text: l.lot }),
      el('td', { text: l.source }),
      el('td', { text: l.region }),
      el('td', { class: 'num', text: l.period }),
      el('td', { class: 'num', text: group(l.rest) }),
      el('td', { class: 'num', text: group(l.price) }),
      addressCell(l.seller),
    ),
  );
  fillRows($('cert-listings').tBodies[0], rows, 'No open certificate listings.', 8);
}

async function onMatching(event) {
  event.preventDefault();
  const address = $('cert-matching-address').value.trim();
  const fromPeriod = Number($('cert-matching-from').value);
  const toPeriod = Number($('cert-matching-to').value);
  const out = $('cert-matching-result');
  if (!address) return out.replaceChildren(el('p', { class: 'bad', text: 'Enter an account address (tes1…).' }));
  if (!Number.isSafeInteger(fromPeriod) || !Number.isSafeInteger(toPeriod) || fromPeriod < 0 || toPeriod < fromPeriod) {
    return out.replaceChildren(el('p', { class: 'bad', text: 'Periods must be whole numbers with from ≤ to.' }));
  }
  state.matching = { account: address, fromPeriod, toPeriod };
  await showMatching(state.matching);
}

async function showMatching(q) {
  const out = $('cert-matching-result');
  const [r] = await state.ctx.rpcBatch([['cert_matching', q]]);
  if (r instanceof state.ctx.RpcFailure) {
    renderIfChanged('cert-matching', { error: r.message }, () => out.replaceChildren(el('p', { class: 'bad', text: r.message })));
    return;
  }
  renderIfChanged('cert-matching', r, () => {
    const rows = r.periods.map((p) =>
      el('tr', {}, el('td', { class: 'num', text: p.period }), el('td', { class: 'num', text: group(p.consumedWh) }), el('td', { class: 'num', text: group(p.claimedWh) }), el('td', { class: 'num', text: group(p.matchedWh) })),
    );
    const table = el(
      'table',
      { id: 'cert-matching-periods' },
      el('caption', { text: 'Per delivery period, Wh' }),
      el('thead', {}, el('tr', {}, ...['Period', 'Consumed', 'Claimed', 'Matched'].map((h) => el('th', { scope: 'col', class: 'num', text: h })))),
      el('tbody'),
    );
    fillRows(table.tBodies[0], rows, 'No consumption or claims in these periods.', 4);
    out.replaceChildren(
      el(
        'dl',
        { class: 'facts' },
        el('div', {}, el('dt', { text: 'Time-matched' }), el('dd', { id: 'cert-time-matched', text: `${percent(r.timeMatchedBp)} (${group(r.timeMatchedWh)} Wh)` })),
        el('div', {}, el('dt', { text: 'Volume-matched' }), el('dd', { id: 'cert-volume-matched', text: `${percent(r.volumeMatchedBp)} (${group(r.volumeMatchedWh)} Wh)` })),
        el('div', {}, el('dt', { text: 'Consumed' }), el('dd', { text: `${group(r.consumedWh)} Wh` })),
      ),
      el('div', { class: 'scroll', role: 'region', 'aria-label': 'Matching per period', tabindex: '0' }, table),
    );
  });
}

export default { id: 'certificates', mount, refresh };
