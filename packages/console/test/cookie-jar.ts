/** What a browser does with cookies, for one origin: keep what Set-Cookie says, send it back. */
export function cookieJar() {
  const jar = new Map<string, string>();
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await globalThis.fetch(input, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, i), pair!.slice(i + 1)];
      if (value && !/Max-Age=0/i.test(c)) jar.set(name, value);
      else jar.delete(name);
    }
    return res;
  };
  return { fetch, get: (name: string) => jar.get(name) };
}
