import { MINUTE, SECOND } from '../clock.ts';
import { combined } from '../sources/access.ts';
import { connLine, tcpSession } from '../sources/zeek.ts';
import { Bundle } from '../types.ts';
import { WEB } from '../world.ts';
import type { Scenario } from './scenario.ts';

const IP = '203.0.113.87';
const NIKTO = (test: number) => `Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:${String(test).padStart(6, '0')})`;
const SQLMAP = 'sqlmap/1.8.11#stable (https://sqlmap.org)';

/** [path, status, bytes]: nikto's probes for leftovers; only the exposed Git config answers 200. */
const DISCOVERY: readonly (readonly [string, number, number])[] = [
  ['/', 200, 24_118], ['/robots.txt', 200, 68], ['/.env', 404, 3_650], ['/.env.bak', 404, 3_650],
  ['/.git/HEAD', 404, 3_650], ['/.git/config', 200, 272], ['/backup.zip', 404, 3_650], ['/backup.tar.gz', 404, 3_650],
  ['/db.sql', 404, 3_650], ['/wp-admin/', 404, 3_650], ['/wp-login.php', 404, 3_650], ['/phpmyadmin/', 404, 3_650],
  ['/pma/', 404, 3_650], ['/admin/', 404, 3_650], ['/server-status', 404, 3_650], ['/config.php.bak', 404, 3_650],
  ['/.DS_Store', 404, 3_650], ['/.htpasswd', 404, 3_650], ['/cgi-bin/test.cgi', 404, 3_650],
  ['/download?file=../../../../etc/passwd', 404, 3_650], ['/download?file=..%2f..%2f..%2f..%2fetc%2fpasswd', 404, 3_650],
  ['/static/..%2f..%2f..%2f..%2fetc%2fpasswd', 400, 157], ['/actuator/env', 404, 3_650], ['/console/', 404, 3_650],
  ['/.aws/credentials', 404, 3_650], ['/web.config', 404, 3_650], ['/id_rsa', 404, 3_650],
];

/** sqlmap's and then manual injection attempts against the shop's parameters. */
const INJECTION: readonly (readonly [string, number, number, string])[] = [
  ["/products?id=1'", 500, 612, SQLMAP],
  ['/products?id=1%27%20OR%201%3D1--%20', 200, 38_412, SQLMAP],
  ["/products?id=1'+OR+'1'='1'--", 200, 38_412, SQLMAP],
  ['/products?id=1%20AND%201%3D2%20UNION%20ALL%20SELECT%20NULL%2CNULL%2CNULL--%20-', 500, 612, SQLMAP],
  ['/products?id=-1+UNION+SELECT+1,username,password+FROM+users--', 500, 612, SQLMAP],
  ['/products?id=1%22%20AND%20SLEEP%285%29--%20', 200, 18_940, SQLMAP],
  ['/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 200, 14_220, NIKTO(5_219)],
  ['/search?q=<script>alert(1)</script>', 200, 14_220, NIKTO(5_220)],
  ['/search?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(document.cookie)%3E', 200, 14_301, NIKTO(5_221)],
];

/** Scenario 5: nikto and sqlmap against the public shop from one address. */
export const webScan: Scenario = {
  id: 5,
  slug: 'web-scan',
  name: 'Web vulnerability scan: sensitive files, traversal, SQL injection and XSS',
  technique: 'T1595.002',
  techniques: ['T1595.002', 'T1190'],
  place: 0.41,
  duration: 12 * MINUTE,
  build({ rng, at }) {
    const bundle = new Bundle();
    let t = at;
    let perConnection = 0;
    const request = (path: string, status: number, bytes: number, agent: string) => {
      if (perConnection === 0) {
        // nikto and sqlmap reuse a keep-alive connection for a handful of requests.
        perConnection = rng.int(3, 6);
        const conn = tcpSession(rng, { orig: IP, origPort: rng.int(40_000, 60_000), resp: WEB.ip, respPort: 80, service: 'http' },
          perConnection * 400_000, perConnection * 260, perConnection * 3_900);
        bundle.add('conn', t - 30_000, connLine(t - 30_000, conn));
      }
      perConnection--;
      bundle.add('access', t, combined(t, IP, '-', `GET ${path} HTTP/1.1`, status, bytes, '-', agent));
      t += rng.int(60_000, 900_000);
    };
    DISCOVERY.forEach(([path, status, bytes], i) => request(path, status, bytes, NIKTO(i * 37 + 1_012)));
    t += rng.int(20 * SECOND, 2 * MINUTE);
    perConnection = 0;
    for (const [path, status, bytes, agent] of INJECTION) request(path, status, bytes, agent);
    return { bundle, sourceIps: [IP], destinationIps: [WEB.ip], users: [], hosts: [WEB.name], markers: [IP] };
  },
};
