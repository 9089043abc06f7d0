import net from 'node:net';

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/**
 * A scripted browser for the single sign-on round trip: a cookie jar per host (ports share
 * cookies, as in browsers) that honours cookie paths, redirects followed by hand so a test can stop
 * at, inspect or alter any hop, and forms posted like a browser would. Expiry dates are not
 * modelled; Max-Age=0 (a cleared cookie) is.
 */
export class SsoBrowser {
  /** host → `name;path` → cookie */
  private readonly jars = new Map<string, Map<string, StoredCookie>>();

  cookie(url: string, name: string): string | undefined {
    return [...this.jar(url).values()].find((c) => c.name === name)?.value;
  }

  cookieNames(url: string): string[] {
    return [...this.jar(url).values()].map((c) => c.name);
  }

  /** One request, cookies sent and stored, no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const jar = this.jar(url);
    const { pathname } = new URL(url);
    const headers: Record<string, string> = {};
    const sent = [...jar.values()].filter(
      (c) => pathname === c.path || pathname.startsWith(c.path.replace(/\/?$/, '/')),
    );
    if (sent.length) headers['cookie'] = sent.map((c) => `${c.name}=${c.value}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = setCookie.split(';').map((part) => part.trim());
      const [rawName, ...value] = pair.split('=');
      const name = rawName.trim();
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const isCleared = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=Thu, 01 Jan 1970/i.test(a));
      if (isCleared) jar.delete(`${name};${path}`);
      else jar.set(`${name};${path}`, { name, value: value.join('='), path });
    }
    return response;
  }

  /**
   * Follows redirects from `url` until a response that is not a redirect, or until `stopBefore`
   * says the next URL is one the test wants to see first. Returns where it stopped.
   */
  async follow(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
    stopBefore: (next: URL) => boolean = () => false,
  ): Promise<{ url: URL; response: Response | null }> {
    let current = new URL(url);
    let response = await this.request(current.toString(), init);
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current);
      if (stopBefore(current)) return { url: current, response: null };
      response = await this.request(current.toString());
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  private jar(url: string): Map<string, StoredCookie> {
    const host = new URL(url).hostname;
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    return jar;
  }
}

/** A TCP port free right now (for a server whose address a peer must know before it starts). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
