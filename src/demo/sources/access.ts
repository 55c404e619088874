import { nginxStamp } from '../clock.ts';
import type { Rng } from '../prng.ts';
import type { BenignGenerator, Entry, Source } from '../types.ts';
import { LINUX_STAFF, publicPool } from '../world.ts';

/** nginx `combined` access log of the public shop on web-01. */

export const SITE = 'https://shop.example.com';

export const USER_AGENTS = {
  chromeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0',
  firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15',
  chromeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36',
};
const BROWSERS = Object.values(USER_AGENTS);
const BOTS: readonly (readonly [string, string])[] = [
  ['66.249.66.', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['40.77.167.', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
];

const PAGES = ['/', '/products', '/products?category=shoes', '/products?category=jackets&page=2', '/cart',
  '/search?q=running+shoes', '/search?q=rain+jacket', '/about', '/contact', '/blog/winter-sale-2026', '/account'];
const ASSETS: readonly (readonly [string, number])[] = [
  ['/static/css/main.4f2a9c.css', 18_234], ['/static/js/app.7b1e3d.js', 184_512],
  ['/static/js/vendor.c91f2e.js', 402_117], ['/favicon.ico', 1_150], ['/static/img/logo.svg', 5_871],
];
const REFERRERS = ['-', '-', 'https://www.google.com/', 'https://www.bing.com/', 'https://duckduckgo.com/',
  'https://www.instagram.com/'];

/** One nginx combined line; nginx escapes `"` and `\` in logged fields. */
export function combined(t: number, ip: string, user: string, request: string, status: number, bytes: number,
  referer: string, agent: string): string {
  const esc = (s: string) => s.replace(/\\/g, '\\x5C').replace(/"/g, '\\x22');
  return `${ip} - ${user} [${nginxStamp(t)}] "${esc(request)}" ${status} ${bytes} "${esc(referer)}" "${esc(agent)}"`;
}

type Emit = (entry: Entry<string>) => void;

class AccessGenerator implements BenignGenerator<string> {
  private readonly visitors: string[];

  constructor(private readonly rng: Rng) {
    this.visitors = publicPool(rng, 400);
  }

  activity(t: number, emit: Emit): void {
    const kind = this.rng.weighted([['page', 80], ['bot', 8], ['api', 10], ['status', 2]] as const);
    if (kind === 'bot') this.bot(t, emit);
    else if (kind === 'status') this.status(t, emit);
    else this.visit(t, emit, kind === 'api');
  }

  private visitorAgent(ip: string): string {
    let h = 0;
    for (let i = 0; i < ip.length; i++) h = (h * 31 + ip.charCodeAt(i)) >>> 0;
    return BROWSERS[h % BROWSERS.length] ?? USER_AGENTS.chromeWin;
  }

  private page(): string {
    return this.rng.chance(0.35) ? `/products/${this.rng.int(1000, 1400)}` : this.rng.pick(PAGES);
  }

  private visit(t: number, emit: Emit, api: boolean): void {
    const ip = this.rng.pick(this.visitors);
    const ua = this.visitorAgent(ip);
    const path = this.page();
    const referer = this.rng.chance(0.5) ? `${SITE}${this.rng.pick(PAGES)}` : this.rng.pick(REFERRERS);
    if (api) {
      const post = this.rng.chance(0.4);
      const request = post ? 'POST /api/v1/cart/items HTTP/1.1' : `GET /api/v1/products?page=${this.rng.int(1, 9)} HTTP/1.1`;
      emit({ t, p: combined(t, ip, '-', request, post ? 201 : 200, this.rng.int(180, 9_000), `${SITE}${path}`, ua) });
      return;
    }
    const missing = path.startsWith('/products/') && this.rng.chance(0.03);
    const status = missing ? 404 : 200;
    emit({ t, p: combined(t, ip, '-', `GET ${path} HTTP/1.1`, status, missing ? 3_650 : this.rng.int(8_000, 42_000), referer, ua) });
    const cached = this.rng.chance(0.4);
    let at = t;
    for (const [asset, size] of this.rng.sample(ASSETS, this.rng.int(1, 3))) {
      at += this.rng.int(20_000, 600_000);
      emit({ t: at, p: combined(at, ip, '-', `GET ${asset} HTTP/1.1`, cached ? 304 : 200, cached ? 0 : size, `${SITE}${path}`, ua) });
    }
    if (path.startsWith('/products/') && !missing) {
      at += this.rng.int(20_000, 400_000);
      const image = `/images/products/${path.slice(10)}-800.jpg`;
      emit({ t: at, p: combined(at, ip, '-', `GET ${image} HTTP/1.1`, 200, this.rng.int(40_000, 160_000), `${SITE}${path}`, ua) });
    }
  }

  private bot(t: number, emit: Emit): void {
    const [prefix, ua] = this.rng.pick(BOTS);
    const ip = `${prefix}${this.rng.int(1, 250)}`;
    const path = this.rng.chance(0.1) ? '/robots.txt' : this.page();
    emit({ t, p: combined(t, ip, '-', `GET ${path} HTTP/1.1`, 200, this.rng.int(300, 42_000), '-', ua) });
  }

  /** Operators peeking at nginx stub_status from the VPN with basic auth. */
  private status(t: number, emit: Emit): void {
    const p = this.rng.pick(LINUX_STAFF);
    emit({ t, p: combined(t, p.vpnIp, p.user, 'GET /nginx_status HTTP/1.1', 200, this.rng.int(100, 115), '-', 'curl/8.5.0') });
  }
}

export const accessSource: Source<string> = {
  key: 'access',
  path: 'access.log',
  format: 'web-access',
  share: 0.33,
  weight: (hour) => 0.45 + 0.55 * Math.sin(((hour - 3) / 24) * Math.PI) ** 2,
  benign: (rng) => new AccessGenerator(rng),
  renderer: () => (entry) => entry.p,
};
