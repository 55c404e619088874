/**
 * Top-level domains that make a dotted word a host name in an answer. Country codes that are also common
 * file extensions (`.sh`, `.py`, `.md`, `.rs`, `.so`, `.pl`, `.ps`, `.ml`, `.cc`, `.in`, `.am`, `.mo`, `.po`,
 * `.do`, `.ts`) and gTLDs that double as field names (`.name`, `.id`) are left out, so `run.sh` or
 * `user.name` is never taken for a host.
 */
const GENERIC = 'com net org edu gov mil int info biz io co ai app dev cloud online site xyz top club tech store shop live pro mobi asia tel travel jobs cat coop aero museum onion';
const INTERNAL = 'local localdomain lan internal intranet corp home localhost arpa test example invalid ad';
const COUNTRY =
  'ac ad ae af ag al ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cd cf cg ch ci ck cl cm cn cr cu cv cw cx cy cz de dj dk dm dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu ie il im iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc me mg mh mk mm mn mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pn pr pt pw qa re ro ru rw sa sb sc se sg si sk sl sm sn sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw';

const TLDS = new Set([...GENERIC.split(' '), ...INTERNAL.split(' '), ...COUNTRY.split(' ')]);

/** File name endings that are never a host, even when the word before could be one. */
const FILE_WORDS = new Set(['log', 'txt', 'conf', 'cfg', 'ini', 'json', 'yml', 'yaml', 'xml', 'csv', 'exe', 'dll', 'sys', 'bat', 'cmd', 'ps1', 'vbs', 'js', 'php', 'html', 'htm', 'asp', 'aspx', 'jsp', 'zip', 'gz', 'tar', 'bak', 'old', 'tmp', 'pem', 'key', 'crt', 'service', 'socket', 'timer', 'd']);

export function isHostTld(label: string): boolean {
  const tld = label.toLowerCase();
  return TLDS.has(tld) && !FILE_WORDS.has(tld);
}
