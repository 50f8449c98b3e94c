// Generates test/vectors/ed25519/*.json (except rfc8032.json and speccheck.json, which are
// transcribed). Deterministic: `node_modules/.bin/node test/vectors/ed25519/generate.mjs`, then review the diff.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512, sha256 } from '@noble/hashes/sha2.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
// Pretty top level, one vector per line: readable diffs, compact files.
const dump = (obj) => {
  const { vectors, ...head } = obj;
  const h = JSON.stringify(head, null, 2).slice(0, -2);
  return h + ',\n  "vectors": [\n' + vectors.map((v) => '    ' + JSON.stringify(v)).join(',\n') + '\n  ]\n}\n';
};

const OUT = new URL('.', import.meta.url).pathname;
fs.mkdirSync(OUT, { recursive: true });
const Point = ed25519.Point, B = Point.BASE, L = Point.Fn.ORDER, P = Point.Fp.ORDER;
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const le = (b) => { let v = 0n; for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]); return v; };
const toLE = (v, n = 32) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(v & 0xffn); v >>= 8n; } if (v) throw new Error('overflow'); return o; };
const cat = (...a) => { const o = new Uint8Array(a.reduce((s, x) => s + x.length, 0)); let off = 0; for (const x of a) { o.set(x, off); off += x.length; } return o; };
const kOf = (R, A, M) => le(sha512(cat(R, A, M))) % L;
const mod = (a) => ((a % L) + L) % L;
const label = (s) => sha256(new TextEncoder().encode('tesnode ed25519 vectors: ' + s));
const scalar = (s) => le(sha512(new TextEncoder().encode('tesnode scalar: ' + s))) % L;
const msgOf = (s, i = 0) => new TextEncoder().encode(`tesnode ${s} #${i}`);

function rawOpenssl(sig, msg, pub) {
  try {
    const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') }, format: 'jwk' });
    return crypto.verify(null, msg, key, sig);
  } catch (e) { return null; }
}
const rawNoble = (sig, msg, pub) => { try { return ed25519.verify(sig, msg, pub, { zip215: false }); } catch { return null; } };
const zip215 = (sig, msg, pub) => { try { return ed25519.verify(sig, msg, pub, { zip215: true }); } catch { return null; } };

// Order class of a 32-byte encoding, decoded leniently (zip215 decoding).
function classify(b) {
  if (b.length !== 32) return 'wrong-length';
  let pt;
  try { pt = Point.fromBytes(b, true); } catch { return 'not-a-point'; }
  let canonical = true;
  try { Point.fromBytes(b, false); } catch { canonical = false; }
  const cls = pt.is0() ? 'identity' : pt.isSmallOrder() ? 'small-order' : pt.isTorsionFree() ? 'prime-order' : 'mixed-order';
  return (canonical ? '' : 'non-canonical ') + cls;
}
function sClass(sig) { if (sig.length !== 64) return 'n/a'; const s = le(sig.subarray(32)); return s < L ? 'S<L' : 'S>=L'; }

function vec(name, source, sig, msg, pub, expected, note) {
  const v = {
    name, source,
    message: hex(msg), publicKey: hex(pub), signature: hex(sig),
    expected,
    facts: { A: classify(pub), R: sig.length === 64 ? classify(sig.subarray(0, 32)) : 'n/a', S: sClass(sig) },
    raw: { openssl: rawOpenssl(sig, msg, pub), nobleStrict: rawNoble(sig, msg, pub), nobleZip215: zip215(sig, msg, pub) },
  };
  if (note) v.note = note;
  return v;
}

// ---- RFC 8032 7.1
const rfcSrc = [
  ['TEST 1', '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', '', 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'],
  ['TEST 2', '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72', '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'],
  ['TEST 3', 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', 'af82', '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'],
  ['TEST 1024', 'f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5', '278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e', [
      '08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1',
      'e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d',
      '658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a',
      '7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e',
      '06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10',
      '3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1',
      '85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d',
      '502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270',
      '88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b',
      'eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba',
      'b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b',
      'e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7',
      '51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d',
      'cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df',
      'f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7',
      '984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4',
      '88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09',
      '43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f',
      'b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161',
      '0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d',
      'b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca',
      'c60c905c15fc910840b94c00a0b9d0'].join(''),
    '0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03'],
  ['TEST SHA(abc)', '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42', 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf',
    'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    'dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704'],
];
const rfc = rfcSrc.map(([name, sk, pk, m, sig]) => {
  const v = vec(name, 'RFC 8032 section 7.1', unhex(sig), unhex(m), unhex(pk), true);
  return { ...v, secretKey: sk };
});
for (const v of rfc) {
  const got = hex(ed25519.sign(unhex(v.message), unhex(v.secretKey)));
  if (got !== v.signature || hex(ed25519.getPublicKey(unhex(v.secretKey))) !== v.publicKey) throw new Error('RFC vector mismatch ' + v.name);
}
fs.writeFileSync(`${OUT}/rfc8032.json`, dump({
  description: 'RFC 8032 section 7.1 Ed25519 test vectors (TEST 1, 2, 3, 1024, SHA(abc)): secret key, public key, message, signature. All valid.',
  vectors: rfc }));

// ---- speccheck
const sc = [
  ['8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6','c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa','c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a0000000000000000000000000000000000000000000000000000000000000000'],
  ['9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79','c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa','f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04'],
  ['aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab','f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43','c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e'],
  ['9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79','cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d','9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009'],
  ['e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c','cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d','160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed5125ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09'],
  ['e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c','cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d','21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405'],
  ['85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40','442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623','e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514'],
  ['85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40','442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623','8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa19427e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22'],
  ['9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41','f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43','ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff03be9678ac102edcd92b0210bb34d7428d12ffc5df5f37e359941266a4e35f0f'],
  ['9bedc267423725d473888631ebf45988bad3db83851ee85c85e241a07d148b41','f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43','ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffca8c5b64cd208982aa38d4936621a4775aa233aa0505711d8fdcfdaa943d4908'],
  ['e96b7021eb39c1a163b6da4e3093dcd3f21387da4cc4572be588fafae23c155b','ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff','a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04'],
  ['39a591f5321bbe07fd5a23dc2f39d025d74526615746727ceefd6e82ae65c06f','ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff','a9d55260f765261eb9b84e106f665e00b867287a761990d7135963ee0a7d59dca5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04'],
];
const scNotes = [
  'S = 0, small-order A, small-order R: valid under both raw equations; rule 3 rejects A',
  '0 < S < L, small-order A, mixed-order R: rule 3 rejects A (rule 4 also rejects R)',
  '0 < S < L, mixed-order A, small-order R: rule 3 rejects A',
  '0 < S < L, mixed-order A and R, valid under both raw equations: rule 3 rejects A',
  '0 < S < L, mixed-order A and R, passes cofactored but not cofactorless: rule 3 rejects A',
  'mixed-order A, only passes a cofactored verifier that pre-reduces 8k mod L: rule 3 rejects A',
  'S slightly above L (S + L of a valid signature): rule 2',
  'S far above L (top bits set): rule 2',
  'non-canonical R (y = p - 1 with the x sign bit set, x = 0): rule 4',
  'non-canonical R, second message: rule 4',
  'non-canonical A (y = p - 1 with the x sign bit set, x = 0), small-order: rule 3',
  'non-canonical A, second message: rule 3',
];
const spec = sc.map(([m, pk, sig], i) => vec(`speccheck case ${i}`, 'Chalkias, Garillot, Nikolaenko: Taming the many EdDSAs (2020); github.com/novifinancial/ed25519-speccheck cases.txt', unhex(sig), unhex(m), unhex(pk), false, scNotes[i]));
fs.writeFileSync(`${OUT}/speccheck.json`, dump({
  description: 'The 12 edge cases of "Taming the many EdDSAs" (ed25519-speccheck). tesnode rejects all 12. `facts` classify A and R (decoded leniently) and S; `raw` records the verdicts of raw OpenSSL crypto.verify, raw noble verify(zip215:false) and noble verify(zip215:true) on Node 24 / OpenSSL 3.5 / @noble/curves 2.4, which the test pins to document why the pre-checks exist (null = the engine refused the input before verifying).',
  vectors: spec }));

// ---- constructed
const out = [];
const push = (...a) => out.push(vec(...a));
const SRC = 'constructed by tesnode with @noble/curves point arithmetic';
const sk1 = label('key 1'), pk1 = ed25519.getPublicKey(sk1);
const sk2 = label('key 2'), pk2 = ed25519.getPublicKey(sk2);
const a1 = ed25519.utils.getExtendedPublicKey(sk1).scalar % L;
const m1 = msgOf('base');
const s1 = ed25519.sign(m1, sk1);
push('valid: own key, own message', SRC, s1, m1, pk1, true);
push('valid: empty message', SRC, ed25519.sign(new Uint8Array(0), sk2), new Uint8Array(0), pk2, true);
const big = new Uint8Array(1500).map((_, i) => (i * 31 + 7) & 0xff);
push('valid: 1500-byte message', SRC, ed25519.sign(big, sk2), big, pk2, true);
// Tampering
{ const m = m1.slice(); m[0] ^= 1; push('tampered: message bit flipped', SRC, s1, m, pk1, false); }
{ const s = s1.slice(); s[3] ^= 0x10; push('tampered: R byte flipped', SRC, s, m1, pk1, false); }
{ const s = s1.slice(); s[40] ^= 0x01; push('tampered: S byte flipped', SRC, s, m1, pk1, false); }
{ const p = pk1.slice(); p[7] ^= 0x04; push('tampered: public key bit flipped', SRC, s1, m1, p, false); }
push('tampered: other key', SRC, s1, m1, pk2, false);
push('tampered: message extended by a zero byte', SRC, s1, cat(m1, new Uint8Array(1)), pk1, false);
// Wrong lengths
push('length: signature 63 bytes', SRC, s1.subarray(0, 63), m1, pk1, false);
push('length: signature 65 bytes', SRC, cat(s1, new Uint8Array(1)), m1, pk1, false);
push('length: signature empty', SRC, new Uint8Array(0), m1, pk1, false);
push('length: public key 31 bytes', SRC, s1, m1, pk1.subarray(0, 31), false);
push('length: public key 33 bytes', SRC, s1, m1, cat(pk1, new Uint8Array(1)), false);
push('length: public key empty', SRC, s1, m1, new Uint8Array(0), false);
push('length: signature and key swapped', SRC, pk1, m1, s1, false);
// Garbage
push('garbage: all-zero signature and key', SRC, new Uint8Array(64), m1, new Uint8Array(32), false);
push('garbage: all-0xff signature and key', SRC, new Uint8Array(64).fill(0xff), m1, new Uint8Array(32).fill(0xff), false);
push('garbage: hash bytes', SRC, cat(label('g1'), label('g2')), m1, label('g3'), false);
// Non-canonical S
{
  const S = le(s1.subarray(32));
  push('S + L (non-canonical S, same point)', SRC, cat(s1.subarray(0, 32), toLE(S + L)), m1, pk1, false);
  push('S + 2L', SRC, cat(s1.subarray(0, 32), toLE(S + 2n * L)), m1, pk1, false);
  push('S + 15L (largest multiple that fits 32 bytes)', SRC, cat(s1.subarray(0, 32), toLE(S + 15n * L)), m1, pk1, false);
  push('S = L exactly', SRC, cat(s1.subarray(0, 32), toLE(L)), m1, pk1, false);
  push('S = 2^256 - 1', SRC, cat(s1.subarray(0, 32), toLE((1n << 256n) - 1n)), m1, pk1, false);
}

// Small-order points
const T8 = Point.fromBytes(unhex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
if (T8.multiplyUnsafe(4n).is0() || !T8.multiplyUnsafe(8n).is0()) throw new Error('T8 not order 8');
const torsion = [...Array(8)].map((_, i) => (i === 0 ? Point.ZERO : T8.multiplyUnsafe(BigInt(i))));
const orderOf = (T) => { for (const n of [1n, 2n, 4n, 8n]) if ((n === 1n ? T : T.multiplyUnsafe(n)).is0()) return n; };
const withSign = (b) => { const c = b.slice(); c[31] |= 0x80; return c; };
// The 6 non-canonical encodings of small-order points (y >= p, or a sign bit on x = 0).
const nonCanon = [
  ['y = p (order 4), sign 0', toLE(P)],
  ['y = p (order 4), sign 1', withSign(toLE(P))],
  ['y = p + 1 (identity), sign 0', toLE(P + 1n)],
  ['y = p + 1 (identity), sign 1', withSign(toLE(P + 1n))],
  ['y = 1 (identity), sign 1', withSign(toLE(1n))],
  ['y = p - 1 (order 2), sign 1', withSign(toLE(P - 1n))],
].map(([d, b]) => [d, b, Point.fromBytes(b, true)]);
const aMix = scalar('mixed key');
// Point kinds: prime part (scalar) and torsion part, plus the exact encoding used.
function kinds(tag) {
  const r = scalar(tag);
  return [
    ...torsion.map((T, i) => ({ name: `[${i}]T8 (order ${orderOf(T)})`, enc: T.toBytes(), s: 0n, T })),
    ...nonCanon.map(([d, b, T]) => ({ name: `non-canonical ${d}`, enc: b, s: 0n, T })),
    { name: 'mixed-order (prime part + [3]T8)', enc: B.multiply(r).add(torsion[3]).toBytes(), s: r, T: torsion[3] },
    { name: 'order L', enc: B.multiply(r).toBytes(), s: r, T: Point.ZERO },
  ];
}
const As = kinds('matrix A'), Rs = kinds('matrix R');
const matrix = [];
for (const A of As) for (const R of Rs) for (const zeroResidue of [true, false]) {
  for (let j = 0; j < 64; j++) {
    const M = new TextEncoder().encode(`m${As.indexOf(A)}.${Rs.indexOf(R)}.${zeroResidue ? 1 : 0}.${j}`);
    const k = kOf(R.enc, A.enc, M);
    // X = [S]B - R - [k]A = -(T_R + [k]T_A) once S = r + k*a: the residue.
    const residue = R.T.add(A.T.multiplyUnsafe(k));
    if (residue.is0() !== zeroResidue) continue;
    const sig = cat(R.enc, toLE(mod(R.s + k * A.s)));
    const ok = A.name === 'order L' && R.name === 'order L';
    const v = vec(`A ${A.name}; R ${R.name}; ${zeroResidue ? 'cofactorless equation holds' : 'only the cofactored equation holds'}`, SRC, sig, M, A.enc, ok);
    delete v.source;
    matrix.push(v);
    break;
  }
}
fs.writeFileSync(`${OUT}/matrix.json`, dump({
  source: SRC,
  description: 'Every pairing of A and R among: the 8 small-order points, the 6 non-canonical encodings of small-order points, a mixed-order point and an order-L point, with S = r + k*a so that the cofactored equation always holds, once with the cofactorless equation also holding (torsion residue zero) and once without (when possible). Only A and R both of order L is valid under the tesnode rule. `facts` and `raw` as in constructed.json.',
  vectors: matrix }));

// Named cases of the divergence classes
for (const [desc, enc] of nonCanon) {
  const M = msgOf('ncR ' + desc);
  const k = kOf(enc, pk1, M);
  push(`non-canonical R: ${desc}, S = k*a`, SRC, cat(enc, toLE(mod(k * a1))), M, pk1, false, 'X = [S]B - R - [k]A is small-order, so a lenient cofactored verifier (zip215) accepts');
}
{
  const R = Point.ZERO.toBytes();
  const M = msgOf('identity R');
  const k = kOf(R, pk1, M);
  push('R = identity (canonical), S = k*a, honest key', SRC, cat(R, toLE(mod(k * a1))), M, pk1, false,
    'equation holds with both formulas and needs the secret scalar; rule 4 rejects R (raw noble accepts, OpenSSL 3.5.8 rejects)');
}
for (const i of [1, 2, 4]) {
  const r = scalar('mixR ' + i), Rp = B.multiply(r).add(torsion[i]).toBytes();
  const M = msgOf('mixR ' + i);
  const k = kOf(Rp, pk1, M);
  push(`mixed-order R: rB + [${i}]T8, honest key, S = r + k*a`, SRC, cat(Rp, toLE(mod(r + k * a1))), M, pk1, false,
    'DIVERGENCE CLASS (a): raw noble zip215:false (cofactored) accepts, raw OpenSSL (cofactorless) rejects; verifyReference rejects R by its explicit [L]R check');
}
for (const [i, wantZero] of [[1, true], [1, false], [2, false], [4, true]]) {
  const T = torsion[i];
  const A = B.multiply(aMix).add(T).toBytes();
  const r = scalar('mixA ' + i + wantZero), R = B.multiply(r).toBytes();
  for (let j = 0; ; j++) {
    const M = msgOf('mixA ' + i + ' ' + wantZero, j);
    const k = kOf(R, A, M);
    if (T.multiplyUnsafe(k).is0() !== wantZero) continue;
    push(`mixed-order public key aB + [${i}]T8, R = rB, S = r + k*a, [k]T ${wantZero ? '= 0' : '!= 0'}`, SRC, cat(R, toLE(mod(r + k * aMix))), M, A, false,
      wantZero ? 'both raw engines accept (cofactorless holds since [k]T = 0); rule 3 rejects A'
               : 'DIVERGENCE CLASS (b): raw noble accepts, raw OpenSSL rejects ([S]B - [k]A = R - [k]T); rule 3 rejects A');
    break;
  }
}
fs.writeFileSync(`${OUT}/constructed.json`, dump({
  description: 'Vectors constructed for tesnode\'s rule (see src/chain/crypto/ed25519.ts): tampering, wrong lengths, garbage, non-canonical S, small-order and non-canonical public keys, non-canonical R, identity R, mixed-order R and A. Secret scalars come from SHA-512 of fixed labels, so the file is reproducible. `facts` classify A and R (decoded leniently) and S; `raw` records raw OpenSSL crypto.verify, raw noble verify(zip215:false) and noble verify(zip215:true) verdicts (null = refused before verifying).',
  vectors: out }));
console.log('rfc', rfc.length, 'spec', spec.length, 'constructed', out.length, 'matrix', matrix.length);
for (const v of [...spec, ...out, ...matrix]) console.log(v.expected, JSON.stringify(v.raw), JSON.stringify(v.facts), v.name);
