// The canonical content string shared with Tests/TavoloCRDTTests/CrossImplementationVectorTests.swift.

function hex4(u) { return u.toString(16).padStart(4, '0'); }

export function quote(s) {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    out += u >= 0x20 && u <= 0x7e && u !== 0x22 && u !== 0x5c ? s[i] : '\\u' + hex4(u);
  }
  return out + '"';
}

function lessUTF16(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

export function doubleBits(d) {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, d);
  return Array.from(new Uint8Array(dv.buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Canonical string of a node ({map}|{list}|{text}|{value}) as returned by Document.node(). */
export function canonical(n) {
  if ('map' in n) {
    const keys = Object.keys(n.map).sort(lessUTF16);
    return '{' + keys.map((k) => quote(k) + ':' + canonical(n.map[k])).join(',') + '}';
  }
  if ('list' in n) return '[' + n.list.map(canonical).join(',') + ']';
  if ('text' in n) return 'T' + quote(n.text);
  const v = n.value;
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'bigint') return 'i' + v.toString();
  if (typeof v === 'number') return 'd' + doubleBits(v);
  if (typeof v === 'string') return quote(v);
  return 'obj' + ['map', 'list', 'text'].indexOf(v.kind);
}
