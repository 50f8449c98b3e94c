// The dashboard views of state modules beyond the listed market, in page order. A module
// adds its view here with one line; the view file says what it shows.
//
// A view is { id, mount(), refresh(ctx) }:
// - mount() returns the view's <section>, placed after the market's; it starts hidden
//   and the view shows it once its module answers as enabled on this chain.
// - refresh(ctx) runs every poll after the market's; ctx = { rpcBatch, RpcFailure,
//   nodeNow() }. A view's failure is reported in its own section and does not stop the
//   others.

import certificates from './certificates.js';

export const MODULE_VIEWS = [certificates];
