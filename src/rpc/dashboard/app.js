// tesnode dashboard: polls the node's JSON-RPC (POST /) every two seconds and renders
// blocks, the market, trades, settlements, credit and prices. Plain browser JavaScript,
// no build step, no third-party code.
//
// Safety: every value from the node (addresses, regions, error messages written by
// users) reaches the page through textContent or setAttribute, never as HTML. The `el`
// helper of lib/dom.js is the only way the dashboard creates elements, and it has no
// HTML path.
//
// This file draws the node and the listed market; each other state module brings its
// own view in views/ (one file and one line in views/index.js).

import { $, el, fillRows, forgetRendered, renderIfChanged, setText, svgEl } from './lib/dom.js';
import { addressCell, clockTime, duration, group, hashrate, pad2, shortAddress, shortHash, signed, tes } from './lib/format.js';
import { RpcFailure, rpc, rpcBatch } from './lib/rpc.js';
import { MODULE_VIEWS } from './views/index.js';

const REFRESH_MS = 2000;
const BLOCKS_SHOWN = 15;
const TRADES_SHOWN = 20;
const LISTINGS_SHOWN = 20;
const CHART_PERIODS = 24;
const CHART_AHEAD = 6;

// ---------------------------------------------------------------- state

const view = {
  paused: false,
  /** 'auto' follows the next open period; a number pins the order book to that period. */
  bookPeriod: 'auto',
  status: undefined,
  /** node clock − browser clock, from the last market_status, so countdowns use the node's time. */
  clockOffset: 0,
  timer: undefined,
  inFlight: false,
  /** The last market_prices result, to redraw the chart when the window is resized. */
  chartData: undefined,
  /** The hash (#block/N) of the block in the detail dialog. */
  shownBlock: undefined,
};

// ---------------------------------------------------------------- header

function renderNode(info) {
  setText('chain-id', info.chainId);
  setText('head-height', group(info.head.height));
  const hashNode = $('head-hash');
  setText('head-hash', shortHash(info.head.hash));
  hashNode.title = info.head.hash;
  setText('peers', info.p2p ? group(info.p2p.peers) : 'p2p off');
  if (info.mining.enabled) {
    setText('mining', `on, ${group(info.mining.mined)} mined`);
    $('mining').title = `miner ${info.mining.address}`;
    setText('hashrate', hashrate(info.mining.hashrate));
  } else {
    setText('mining', 'off');
    setText('hashrate', '—');
  }
  setText('mempool', `${group(info.mempool.size)} tx`);
  document.title = `#${info.head.height} · ${info.chainId} · tesnode`;
}

// ---------------------------------------------------------------- blocks

/** A link that opens block `height` in the detail dialog; `scope` keeps focus keys unique per table row. */
function blockLink(height, scope = 'block') {
  return el('a', { href: `#block/${height}`, dataset: { focusKey: `${scope}-${height}` }, 'aria-label': `block ${height}`, text: group(height) });
}

function renderBlocks(result) {
  const rows = result.blocks.map((b) =>
    el('tr', {},
      el('td', { class: 'num' }, blockLink(b.height)),
      el('td', { text: clockTime(b.timestamp), title: new Date(b.timestamp).toISOString() }),
      el('td', { class: 'num' }, String(b.txCount), b.failedTxs ? el('span', { class: 'bad', text: ` (${b.failedTxs} failed)` }) : null),
      addressCell(b.minerAddress),
      el('td', { class: 'mono', title: b.hash, text: shortHash(b.hash) }),
    ),
  );
  fillRows($('blocks').tBodies[0], rows, 'no blocks yet', 5);
}

function payloadValue(v) {
  if (typeof v !== 'string') return String(v);
  if (v.startsWith('tes1')) return shortAddress(v);
  if (/^-?\d+$/.test(v)) return group(v);
  if (v.length > 24 && /^[0-9a-f]+$/i.test(v)) return shortHash(v);
  return v === '' ? "''" : v;
}

/** A transaction's payload on one line: "listing=1 wh=3,000". */
function payloadText(payload) {
  return Object.entries(payload).map(([k, v]) => `${k}=${payloadValue(v)}`).join(' ');
}

async function openBlock(height) {
  const dialog = $('block-dialog');
  const body = $('block-body');
  view.shownBlock = `#block/${height}`;
  setText('block-dialog-h', `Block ${group(height)}`);
  body.replaceChildren(el('p', { text: 'loading…' }));
  if (!dialog.open) dialog.showModal();
  let block;
  try {
    block = await rpc('chain_block', { height, txs: true });
  } catch (err) {
    body.replaceChildren(el('p', { class: 'bad', text: `cannot load block ${height}: ${err.message}` }));
    return;
  }
  const facts = [
    ['Hash', block.hash],
    ['Parent', block.parentHash],
    ['Time', `${new Date(block.timestamp).toISOString()}`],
    ['Miner', block.minerAddress],
    ['Transactions', String(block.txCount)],
    ['State root', block.stateRoot],
    ['Base target', block.baseTarget],
    ['Nonce', block.nonce],
    ['Canonical', block.canonical ? 'yes' : 'no'],
  ];
  const dl = el('dl', { class: 'detail' }, ...facts.map(([k, v]) => el('div', {}, el('dt', { text: k }), el('dd', { class: 'mono', text: v }))));
  const txRows = block.txs.map((tx, i) =>
    el('tr', {},
      el('td', { class: 'num', text: String(i) }),
      el('td', { class: 'mono', title: tx.hash, text: shortHash(tx.hash) }),
      addressCell(tx.from),
      el('td', { text: tx.kind }),
      el('td', { class: 'payload', text: payloadText(tx.payload) }),
      el('td', { class: 'num', text: group(tx.fee) }),
      tx.status === 'ok'
        ? el('td', { class: 'ok', text: 'ok' })
        : el('td', { class: 'bad' }, el('strong', { text: tx.error }), tx.message ? el('span', { text: `: ${tx.message}` }) : null),
    ),
  );
  const table = el('div', { class: 'scroll', role: 'region', 'aria-label': 'Transactions of this block', tabindex: '0' },
    el('table', { id: 'block-txs' },
      el('caption', { text: `Transactions and receipts (${block.txCount})` }),
      el('thead', {}, el('tr', {}, ...['#', 'Hash', 'From', 'Kind', 'Payload', 'Fee µTES', 'Receipt'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...(txRows.length ? txRows : [el('tr', { class: 'empty' }, el('td', { colspan: 7, text: 'no transactions: only the reward' }))])),
    ),
  );
  body.replaceChildren(dl, table);
}

function closeBlock() {
  const dialog = $('block-dialog');
  if (dialog.open) dialog.close();
}

function onHash() {
  const m = /^#block\/(\d{1,15})$/.exec(location.hash);
  if (m) openBlock(Number(m[1]));
  else closeBlock();
}

// ---------------------------------------------------------------- market

function renderStatus(s) {
  // A chain without a market section shows blocks only.
  $('market-off').hidden = s.enabled;
  for (const id of ['market-facts', 'book-head', 'book', 'listings-box', 'prices', 'trades-section', 'credit']) $(id).hidden = !s.enabled;
  if (!s.enabled) return;
  setText('current-period', group(s.currentPeriod));
  setText('next-period', `${group(s.nextOpenPeriod)} (starts ${clockTime(s.nextOpenPeriodStart)})`);
  setText('settled-below', group(s.settledBelow));
  setText('escrow-total', `${tes(s.totals.escrow)} TES`);
  setText('bond-total', `${tes(s.totals.bonds)} TES`);
  tickCountdown();
  renderBookChoices(s);
}

function tickCountdown() {
  const s = view.status;
  if (!s || !s.enabled) return;
  const left = Number(s.nextGateClosure) - (Date.now() + view.clockOffset);
  setText('gate-countdown', `${duration(left)} (period ${group(s.nextOpenPeriod)}, at ${clockTime(s.nextGateClosure)})`);
}

function bookPeriodOf(s) {
  return view.bookPeriod === 'auto' ? s.nextOpenPeriod : view.bookPeriod;
}

/** The period picker offers "next open" and every period from the current one on that holds listings. */
function renderBookChoices(s) {
  const periods = new Set(s.pendingPeriods.map((p) => p.period).filter((k) => k >= s.currentPeriod));
  if (view.bookPeriod !== 'auto') periods.add(view.bookPeriod);
  const choices = [...periods].sort((a, b) => a - b);
  renderIfChanged('book-choices', { next: s.nextOpenPeriod, choices, chosen: view.bookPeriod }, () => {
    const select = $('book-select');
    const options = [el('option', { value: 'auto', text: `next open (${s.nextOpenPeriod})` })];
    for (const k of choices) {
      const note = k < s.nextOpenPeriod ? ' (gate closed)' : k === s.nextOpenPeriod ? ' (next open)' : '';
      options.push(el('option', { value: String(k), text: `${k}${note}` }));
    }
    select.replaceChildren(...options);
    select.value = String(view.bookPeriod);
  });
}

function renderBook(book) {
  setText('book-period', group(book.period));
  const sells = book.sells.map((l) =>
    el('tr', {},
      el('td', { class: 'num', text: `#${l.id}` }),
      el('td', { class: 'num', text: group(l.price) }),
      el('td', { class: 'num', text: group(l.wh) }),
      el('td', { class: 'num', text: group(l.rest) }),
      el('td', { text: l.region }),
      el('td', { text: l.source }),
      el('td', { class: 'num', text: group(l.carbon) }),
      addressCell(l.owner),
    ),
  );
  const buys = book.buys.map((l) =>
    el('tr', {},
      el('td', { class: 'num', text: `#${l.id}` }),
      el('td', { class: 'num', text: group(l.price) }),
      el('td', { class: 'num', text: group(l.wh) }),
      el('td', { class: 'num', text: group(l.rest) }),
      el('td', { text: l.region }),
      addressCell(l.owner),
    ),
  );
  fillRows($('sells').tBodies[0], sells, `no open sell-listings for period ${book.period}`, 8);
  fillRows($('buys').tBodies[0], buys, `no open buy-listings for period ${book.period}`, 6);
}

function renderListings(result) {
  const rows = result.listings.map((l) =>
    el('tr', {},
      el('td', { class: 'num', text: `#${l.id}` }),
      el('td', { text: l.side }),
      el('td', { class: 'num', text: group(l.period) }),
      el('td', { class: 'num', text: group(l.price) }),
      el('td', { class: 'num', text: group(l.wh) }),
      el('td', { class: 'num', text: group(l.rest) }),
      el('td', { text: l.region }),
      el('td', { class: `status-${l.status}`, text: l.status }),
      addressCell(l.owner),
      el('td', { class: 'num' }, blockLink(l.height, `listing-${l.id}`)),
    ),
  );
  fillRows($('listings').tBodies[0], rows, 'no listings yet', 10);
}

// ---------------------------------------------------------------- trades and settlement

function renderTrades(result) {
  const rows = result.trades.map((t) => {
    const s = t.settlement;
    const wh = t.curtailed !== '0' ? `${group(t.wh)} (−${group(t.curtailed)} curtailed)` : group(t.wh);
    const dash = () => el('td', { class: 'num muted', text: '—' });
    return el('tr', {},
      el('td', { class: 'num', title: t.origin ? `transferred from trade #${t.origin}` : `listing #${t.listing}, block ${t.height}` }, `#${t.id}`, t.origin ? el('span', { class: 'muted', text: ` ←#${t.origin}` }) : null),
      el('td', { class: 'num', text: group(t.period) }),
      el('td', { class: 'mono', title: `${t.seller} → ${t.buyer}` }, el('span', { class: 'addr', text: shortAddress(t.seller) }), ' → ', el('span', { class: 'addr', text: shortAddress(t.buyer) })),
      el('td', { class: 'num', text: wh }),
      el('td', { class: 'num', text: group(t.price) }),
      el('td', { text: t.route.map((h) => h.region).join(' → ') }),
      el('td', { class: 'num', text: group(t.escrow) }),
      el('td', { class: `status-${t.status}`, text: t.status }),
      s ? el('td', { class: 'num', text: group(s.executedWh) }) : dash(),
      s ? el('td', { class: 'num', text: group(s.energy) }) : dash(),
      s ? el('td', { class: 'num', text: group(s.fee) }) : dash(),
      s ? el('td', { class: 'num', text: group(s.refund) }) : dash(),
      s ? el('td', { class: 'num', title: `buyer metered ${s.buyerMeteredWh} Wh`, text: signed(s.buyerDeviation) }) : dash(),
      s ? el('td', { class: 'num', title: `seller metered ${s.sellerMeteredWh} Wh`, text: signed(s.sellerDeviation) }) : dash(),
      el('td', { class: 'num' }, blockLink(t.height, `trade-${t.id}`)),
    );
  });
  fillRows($('trades').tBodies[0], rows, 'no trades yet', 15);
}

function renderSettlements(result) {
  const now = Date.now() + view.clockOffset;
  const rows = [...result.periods].reverse().map((p) =>
    el('tr', {},
      el('td', { class: 'num', text: group(p.period) }),
      p.settled
        ? el('td', { class: 'status-settled', text: 'settled' })
        : el('td', { class: 'status-open', text: Number(p.settlesAt) > now ? `settles ${clockTime(p.settlesAt)}` : 'settling' }),
      el('td', { class: 'num', text: group(p.trades) }),
      el('td', { class: 'num', text: group(p.contractedWh) }),
      el('td', { class: 'num', text: p.settled ? group(p.executedWh) : '—' }),
      el('td', { class: 'num', text: p.settled ? group(p.energy) : '—' }),
      el('td', { class: 'num', text: p.settled ? group(p.fee) : '—' }),
      el('td', { class: 'num', text: p.settled ? group(p.refund) : '—' }),
      el('td', { class: 'num', text: p.settled ? group(p.reservePaid) : '—' }),
      el('td', { class: 'num', text: p.settled ? group(p.reserveReceived) : '—' }),
      el('td', { class: 'num', text: p.settled ? group(p.fromBond) : '—' }),
      el('td', { class: 'num', text: p.settled ? group(p.unpaid) : '—' }),
    ),
  );
  fillRows($('settlements').tBodies[0], rows, 'no trades in these periods', 12);
}

// ---------------------------------------------------------------- credit

const LEVEL_CLASS = { AAA: 'lvl-a', AA: 'lvl-a', A: 'lvl-a', BBB: 'lvl-b', BB: 'lvl-b', B: 'lvl-c', C: 'lvl-c' };

function ratingText(r) {
  if (!r.count) return 'none';
  // One decimal of the mean, from integers: floor(sum·10 / count).
  const tenths = Math.floor((r.sum * 10) / r.count);
  return `${Math.floor(tenths / 10)}.${tenths % 10} (${r.count})`;
}

function participantRow(p) {
  const pen = p.penalties;
  return el('tr', {},
    addressCell(p.address),
    el('td', { text: p.role }),
    el('td', { class: `status-${p.status}`, text: p.reason ? `${p.status}: ${p.reason}` : p.status }),
    el('td', { text: p.region }),
    el('td', { class: 'num', text: group(p.creditScore) }),
    el('td', {}, el('span', { class: `level ${LEVEL_CLASS[p.creditLevel] ?? ''}`, text: p.creditLevel })),
    el('td', { class: 'num', title: `required ${tes(p.requiredBond)} TES`, text: `${tes(p.bond)} / ${tes(p.requiredBond)}` }),
    el('td', { class: 'num', text: ratingText(p.ratings) }),
    el('td', { class: 'num', title: pen.count ? `${pen.fromBond} µTES from the bond, ${pen.unpaid} unpaid` : '', text: group(pen.count) }),
    el('td', { class: 'num', text: group(p.open) }),
  );
}

function renderParticipants(result) {
  fillRows($('participants').tBodies[0], result.participants.map(participantRow), 'no participants in recent listings or trades', 10);
}

async function lookup(event) {
  event.preventDefault();
  const address = $('lookup-address').value.trim();
  const out = $('lookup-result');
  if (!address) return;
  try {
    const [p, account] = await rpcBatch([['market_participant', { address }], ['state_account', { address }]]);
    if (account instanceof RpcFailure) throw account;
    const balance = el('p', {}, el('span', { class: 'mono', text: account.address }), ` balance ${tes(account.balance)} TES, nonce ${account.nonce}`);
    if (p instanceof RpcFailure) {
      out.replaceChildren(balance, el('p', { class: 'muted', text: p.message }));
      return;
    }
    out.replaceChildren(balance, el('div', { class: 'scroll' }, el('table', {},
      el('caption', { text: 'Participant record' }),
      el('thead', {}, el('tr', {}, ...['Account', 'Role', 'Status', 'Region', 'Score', 'Level', 'Bond TES', 'Ratings', 'Penalties', 'Open'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, participantRow(p)),
    )));
  } catch (err) {
    out.replaceChildren(el('p', { class: 'bad', text: err.message }));
  }
}

// ---------------------------------------------------------------- price chart

/**
 * Volume bars (kWh, right scale) and the volume-weighted price line (µTES/kWh, left
 * scale) per period; periods without trades leave a gap in the line.
 */
function renderChart(result) {
  // Drawn at the box's own width so text keeps its size on a phone and on a wide screen.
  const W = Math.round(Math.min(1100, Math.max(300, $('chart').clientWidth || 720)));
  const H = W < 500 ? 220 : 260, L = 70, R = 52, T = 28, B = 34;
  const periods = result.periods;
  const n = periods.length;
  const slot = (W - L - R) / Math.max(n, 1);
  const x = (i) => L + slot * i + slot / 2;
  const kwh = periods.map((p) => Number(p.wh) / 1000);
  const prices = periods.filter((p) => p.vwap !== null).map((p) => Number(p.vwap));
  const maxKwh = Math.max(...kwh, 0);
  let lo = prices.length ? Math.min(...prices) : 0;
  let hi = prices.length ? Math.max(...prices) : 1;
  if (hi === lo) {
    lo = Math.max(0, lo - Math.max(1, lo * 0.1));
    hi = hi + Math.max(1, hi * 0.1);
  }
  const yVol = (v) => H - B - (maxKwh > 0 ? (v / maxKwh) * (H - T - B) : 0);
  const yPrice = (v) => H - B - ((v - lo) / (hi - lo)) * (H - T - B);

  const title = svgEl('title', { id: 'chart-title', text: 'Volume-weighted price and traded volume per period' });
  const traded = periods.filter((p) => p.vwap !== null);
  const desc = svgEl('desc', { id: 'chart-desc', text: traded.length
    ? `Periods ${result.fromPeriod} to ${result.toPeriod}. ` + traded.map((p) => `Period ${p.period}: ${group(p.vwap)} µTES/kWh over ${group(p.wh)} Wh.`).join(' ')
    : `No trades in periods ${result.fromPeriod} to ${result.toPeriod}.` });

  const grid = [];
  for (let i = 0; i <= 4; i++) {
    const y = T + ((H - T - B) * i) / 4;
    grid.push(svgEl('line', { class: 'grid', x1: L, x2: W - R, y1: y, y2: y }));
    if (prices.length) grid.push(svgEl('text', { class: 'axis price-axis', x: L - 6, y: y + 4, 'text-anchor': 'end', text: group(Math.round(hi - ((hi - lo) * i) / 4)) }));
    if (maxKwh > 0) grid.push(svgEl('text', { class: 'axis vol-axis', x: W - R + 6, y: y + 4, text: formatKwh(maxKwh - (maxKwh * i) / 4) }));
  }
  const bars = periods.map((p, i) => {
    const y = yVol(kwh[i]);
    return svgEl('rect', { class: 'bar', x: x(i) - slot * 0.35, y, width: slot * 0.7, height: Math.max(0, H - B - y) },
      svgEl('title', { text: `period ${p.period}: ${group(p.wh)} Wh in ${p.trades} trade${p.trades === 1 ? '' : 's'}` }));
  });
  // The line, broken where a period has no trades.
  let d = '';
  let pen = false;
  periods.forEach((p, i) => {
    if (p.vwap === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${yPrice(Number(p.vwap)).toFixed(1)}`;
    pen = true;
  });
  const dots = periods.flatMap((p, i) => p.vwap === null ? [] : [
    svgEl('circle', { class: 'dot', cx: x(i), cy: yPrice(Number(p.vwap)), r: 3.5 },
      svgEl('title', { text: `period ${p.period}: ${group(p.vwap)} µTES/kWh (low ${group(p.low)}, high ${group(p.high)})` })),
  ]);
  const labelEvery = Math.max(1, Math.ceil(n / Math.max(4, Math.floor((W - L - R) / 60))));
  // Every labelEvery-th period, and the last one unless it would crowd the one before.
  const labelled = (i) => i % labelEvery === 0 || (i === n - 1 && i % labelEvery >= Math.ceil(labelEvery / 2));
  const xLabels = periods.flatMap((p, i) => labelled(i) ? [svgEl('text', { class: 'axis', x: x(i), y: H - B + 16, 'text-anchor': 'middle', text: String(p.period) })] : []);

  const chart = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc', preserveAspectRatio: 'xMidYMid meet' },
    title, desc, ...grid, ...bars,
    svgEl('path', { class: 'line', d: d || 'M0,0' }),
    ...dots, ...xLabels,
    traded.length ? null : svgEl('text', { class: 'axis empty', x: (L + W - R) / 2, y: (T + H - B) / 2, 'text-anchor': 'middle', text: 'no trades in these periods yet' }),
    svgEl('text', { class: 'axis legend', x: L, y: H - 4, text: 'period' }),
    svgEl('text', { class: 'axis legend price-axis', x: L - 6, y: 12, 'text-anchor': 'end', text: 'µTES/kWh' }),
    svgEl('text', { class: 'axis legend vol-axis', x: W - R + 6, y: 12, text: 'kWh' }),
  );
  const legend = el('p', { class: 'legend-row' },
    el('span', { class: 'key key-line', 'aria-hidden': 'true' }), ' volume-weighted price ',
    el('span', { class: 'key key-bar', 'aria-hidden': 'true' }), ' traded energy');
  $('chart').replaceChildren(chart, legend);
  view.chartData = result;
  setText('prices-range', `Periods ${result.fromPeriod}–${result.toPeriod}; ${traded.length} with trades.`);

  const rows = [...periods].reverse().filter((p) => p.trades > 0).map((p) =>
    el('tr', {},
      el('td', { class: 'num', text: group(p.period) }),
      el('td', { class: 'num', text: group(p.trades) }),
      el('td', { class: 'num', text: group(p.wh) }),
      el('td', { class: 'num', text: group(p.vwap) }),
      el('td', { class: 'num', text: group(p.low) }),
      el('td', { class: 'num', text: group(p.high) }),
    ),
  );
  fillRows($('price-table').tBodies[0], rows, 'no trades in these periods', 6);
}

function formatKwh(v) {
  return v >= 100 ? group(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

// ---------------------------------------------------------------- refresh loop

/** The connection state (a live region, so it only changes when the state does) and the time of the last update. */
function setConn(text, bad = false) {
  setText('conn', text);
  $('conn').classList.toggle('bad', bad);
}

async function refresh() {
  if (view.inFlight) return;
  view.inFlight = true;
  try {
    const [info, status, blocks, trades, listings, participants] = await rpcBatch([
      ['node_info'],
      ['market_status'],
      ['chain_blocks', { count: BLOCKS_SHOWN }],
      ['market_recent_trades', { count: TRADES_SHOWN }],
      ['market_recent_listings', { count: LISTINGS_SHOWN }],
      ['market_participants'],
    ]);
    if (info instanceof RpcFailure) throw info;
    renderIfChanged('node', info, renderNode);
    if (!(blocks instanceof RpcFailure)) renderIfChanged('blocks', blocks, renderBlocks);
    if (!(status instanceof RpcFailure)) {
      view.status = status;
      view.clockOffset = status.now - Date.now();
      renderStatus(status);
      if (status.enabled) {
        if (!(trades instanceof RpcFailure)) renderIfChanged('trades', trades, renderTrades);
        if (!(listings instanceof RpcFailure)) renderIfChanged('listings', listings, renderListings);
        if (!(participants instanceof RpcFailure)) renderIfChanged('participants', participants, renderParticipants);
        const bookPeriod = bookPeriodOf(status);
        // The chart ends at the next open period, or a little later when periods ahead already hold listings.
        const lastListed = Math.max(-1, ...status.pendingPeriods.map((p) => p.period));
        const toPeriod = Math.max(status.nextOpenPeriod, status.currentPeriod + 1, Math.min(lastListed, status.nextOpenPeriod + CHART_AHEAD));
        const fromPeriod = Math.max(0, toPeriod - CHART_PERIODS + 1);
        const [book, prices, settlements] = await rpcBatch([
          ['market_book', { period: bookPeriod }],
          ['market_prices', { fromPeriod, toPeriod }],
          ['market_settlements', { fromPeriod: Math.max(0, fromPeriod - CHART_PERIODS), toPeriod: toPeriod + 8 }],
        ]);
        if (!(book instanceof RpcFailure)) renderIfChanged('book', book, renderBook);
        if (!(prices instanceof RpcFailure)) renderIfChanged('prices', prices, renderChart);
        if (!(settlements instanceof RpcFailure)) {
          const now = Date.now() + view.clockOffset;
          renderIfChanged('settlements', { settlements, due: settlements.periods.map((p) => Number(p.settlesAt) <= now) }, () => renderSettlements(settlements));
        }
      }
    }
    await refreshModuleViews();
    setConn('live');
    setText('updated', `· updated ${clockTime(Date.now())}`);
  } catch (err) {
    setConn(`node unreachable (${err.message}); retrying every ${REFRESH_MS / 1000} s`, true);
  } finally {
    view.inFlight = false;
  }
}

/** Each module's view, in turn; one view's failure shows in its section and stops no other. */
async function refreshModuleViews() {
  const ctx = { rpcBatch, RpcFailure, nodeNow: () => Date.now() + view.clockOffset };
  for (const v of MODULE_VIEWS) {
    const note = $(`${v.id}-failure`);
    try {
      await v.refresh(ctx);
      if (note) note.hidden = true;
    } catch (err) {
      if (note) {
        note.textContent = `this view could not be updated: ${err.message}`;
        note.hidden = false;
      }
    }
  }
}

function mountModuleViews() {
  const main = $('main');
  for (const v of MODULE_VIEWS) {
    const section = v.mount();
    section.append(el('p', { id: `${v.id}-failure`, class: 'note bad', hidden: true }));
    main.append(section);
  }
}

function schedule() {
  clearTimeout(view.timer);
  if (view.paused || document.hidden) return;
  view.timer = setTimeout(async () => {
    await refresh();
    schedule();
  }, REFRESH_MS);
}

function setPaused(paused) {
  view.paused = paused;
  $('pause').textContent = paused ? 'Resume updates' : 'Pause updates';
  if (paused) {
    clearTimeout(view.timer);
    setConn('paused');
  } else {
    refresh().then(schedule);
  }
}

function start() {
  mountModuleViews();
  $('pause').addEventListener('click', () => setPaused(!view.paused));
  $('book-select').addEventListener('change', (event) => {
    const value = event.target.value;
    view.bookPeriod = value === 'auto' ? 'auto' : Number(value);
    forgetRendered('book');
    refresh();
  });
  $('lookup').addEventListener('submit', lookup);
  $('block-close').addEventListener('click', () => closeBlock());
  $('block-dialog').addEventListener('close', () => {
    // The close event comes a task later: drop the hash only if it still names the block
    // just closed, not one the user asked for in the meantime.
    if (location.hash === view.shownBlock) history.replaceState(null, '', location.pathname + location.search);
    view.shownBlock = undefined;
  });
  window.addEventListener('hashchange', onHash);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && !view.paused) refresh().then(schedule);
  });
  setInterval(tickCountdown, 1000);
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => view.chartData && renderChart(view.chartData), 150);
  });
  refresh().then(schedule);
  onHash();
}

start();
