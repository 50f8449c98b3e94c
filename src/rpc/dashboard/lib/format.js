// Number, amount, address and time formatting shared by the dashboard's views.

import { el } from './dom.js';

// ---------------------------------------------------------------- formatting

/** Groups the digits of an integer given as a number or decimal string: "-1234567" → "−1,234,567". */
export function group(value) {
  if (value === null || value === undefined) return '—';
  const s = String(value);
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  if (!/^\d+$/.test(digits)) return s;
  return (neg ? '−' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A signed amount: "+10,000", "−90,113", "0". */
export function signed(value) {
  const s = String(value);
  if (s === '0') return '0';
  return s.startsWith('-') ? group(s) : `+${group(s)}`;
}

/** µTES (decimal string) as TES with only the decimals needed: "10500000" → "10.5". */
export function tes(micro) {
  const s = String(micro);
  const neg = s.startsWith('-');
  const digits = (neg ? s.slice(1) : s).padStart(7, '0');
  const whole = digits.slice(0, -6);
  const frac = digits.slice(-6).replace(/0+$/, '');
  return (neg ? '−' : '') + group(whole) + (frac ? `.${frac}` : '');
}

/** "tes1qqx…k3f9": enough of an address to tell accounts apart; the full one goes in a tooltip. */
export function shortAddress(address) {
  const s = String(address);
  return s.length > 16 ? `${s.slice(0, 9)}…${s.slice(-5)}` : s;
}

export function shortHash(hash) {
  const s = String(hash);
  return s.length > 14 ? `${s.slice(0, 8)}…${s.slice(-4)}` : s;
}

export function addressCell(address) {
  return el('td', { class: 'mono', title: address }, el('span', { class: 'addr', text: shortAddress(address) }));
}

export function pad2(n) {
  return String(n).padStart(2, '0');
}

/** Local time of day, HH:MM:SS. */
export function clockTime(ms) {
  const d = new Date(Number(ms));
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** "1 min 05 s", "12 s", "closed". */
export function duration(ms) {
  if (ms <= 0) return 'now';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad2(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${pad2(m % 60)} min`;
}

export function hashrate(hs) {
  if (hs >= 1e6) return `${(hs / 1e6).toFixed(2)} MH/s`;
  if (hs >= 1e3) return `${(hs / 1e3).toFixed(1)} kH/s`;
  return `${hs} H/s`;
}
