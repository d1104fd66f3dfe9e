// How IPC values cross between the simulated main process and the page: JSON with tagged binary
// and undefined, after a structured-clone check on both sides (so what Electron's IPC refuses,
// such as a function, fails here too). The two functions are also injected into the page as
// source text, so they use nothing outside themselves.
export function encodeIpc(value) {
  const walk = (v) => {
    if (v === undefined) return { $undefined: true };
    if (v instanceof Uint8Array) {
      let binary = '';
      for (let i = 0; i < v.length; i += 1) binary += String.fromCharCode(v[i]);
      return { $u8: btoa(binary) };
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out = {};
      for (const [k, item] of Object.entries(v)) out[k] = walk(item);
      return out;
    }
    return v;
  };
  return JSON.stringify(walk(value));
}

export function decodeIpc(text) {
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      if (v.$undefined === true) return undefined;
      if (typeof v.$u8 === 'string') {
        const binary = atob(v.$u8);
        const bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
        return bytes;
      }
      const out = {};
      for (const [k, item] of Object.entries(v)) out[k] = walk(item);
      return out;
    }
    return v;
  };
  return walk(JSON.parse(text));
}
