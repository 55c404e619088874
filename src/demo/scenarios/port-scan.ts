import { MINUTE } from '../clock.ts';
import { ufwLine } from '../sources/firewall.ts';
import { connLine, zeekUid, type Conn } from '../sources/zeek.ts';
import { Bundle } from '../types.ts';
import { WEB } from '../world.ts';
import type { Scenario } from './scenario.ts';

const IP = '198.51.100.23';
/** nmap's most common TCP ports (a `--top-ports 100` scan). */
const TOP_PORTS = [7, 9, 13, 21, 22, 23, 25, 26, 37, 53, 79, 80, 81, 88, 106, 110, 111, 113, 119, 135, 139, 143, 144,
  179, 199, 389, 427, 443, 444, 445, 465, 513, 514, 515, 543, 544, 548, 554, 587, 631, 646, 873, 990, 993, 995, 1025,
  1026, 1027, 1028, 1029, 1110, 1433, 1720, 1723, 1755, 1900, 2000, 2001, 2049, 2121, 2717, 3000, 3128, 3306, 3389,
  3986, 4899, 5000, 5009, 5051, 5060, 5101, 5190, 5357, 5432, 5631, 5666, 5800, 5900, 6000, 6001, 6646, 7070, 8000,
  8008, 8009, 8080, 8081, 8443, 8888, 9100, 9999, 10000, 32768, 49152, 49153, 49154, 49155, 49156, 49157];
/** web-01 answers on 80/443; 8080 and 8443 are allowed by UFW but nothing listens (RST → REJ). */
const OPEN = new Set([80, 443]);
const CLOSED_ALLOWED = new Set([8080, 8443]);

/** Scenario 4: an nmap SYN scan of web-01 from the internet. */
export const portScan: Scenario = {
  id: 4,
  slug: 'port-scan',
  name: 'TCP SYN port scan of web-01',
  technique: 'T1046',
  techniques: ['T1046'],
  place: 0.33,
  duration: 3 * MINUTE,
  build({ rng, at, span }) {
    const bundle = new Bundle();
    const sourcePort = rng.int(40_000, 65_000);
    let t = at;
    for (const port of rng.sample(TOP_PORTS, TOP_PORTS.length)) {
      t += rng.int(3_000, 900_000);
      const conn: Conn = { uid: zeekUid(rng), orig: IP, origPort: sourcePort, resp: WEB.ip, respPort: port, proto: 'tcp',
        state: 'S0', history: 'S', origPkts: 1, respPkts: 0 };
      if (OPEN.has(port)) {
        Object.assign(conn, { duration: rng.int(200, 900), origBytes: 0, respBytes: 0, state: 'RSTO', history: 'ShR', origPkts: 2, respPkts: 1 });
      } else if (CLOSED_ALLOWED.has(port)) {
        Object.assign(conn, { duration: rng.int(40, 300), origBytes: 0, respBytes: 0, state: 'REJ', history: 'Sr', respPkts: 1 });
      } else {
        bundle.add('firewall', t, ufwLine(t, WEB, span, 'BLOCK', { inbound: true, src: IP, dst: WEB.ip, proto: 'TCP', len: 44,
          ttl: rng.int(37, 58), id: rng.int(1, 65_535), spt: sourcePort, dpt: port, window: 1024 }));
      }
      bundle.add('conn', t, connLine(t, conn));
    }
    return { bundle, sourceIps: [IP], destinationIps: [WEB.ip], users: [], hosts: [WEB.name], markers: [IP] };
  },
};
