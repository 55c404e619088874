/**
 * Top-level domains accepted when a bare `name.tld` is seen in free text. Two-letter codes that are
 * mostly file extensions in logs (sh, py, pl, rs, so, md, pm, ps, ai, cc, js-like) are left out to keep
 * `script.sh` or `app.py` from becoming domains; inside URLs every host is kept regardless.
 */
const GENERIC = [
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'mobi', 'asia', 'tel', 'travel',
  'io', 'co', 'me', 'tv', 'app', 'dev', 'cloud', 'online', 'site', 'xyz', 'top', 'club', 'shop', 'store', 'tech',
  'live', 'link', 'click', 'work', 'space', 'website', 'fun', 'icu', 'buzz', 'rest', 'bar', 'cyou', 'monster',
  'loan', 'win', 'bid', 'download', 'review', 'stream', 'racing', 'date', 'party', 'trade', 'science', 'men',
  'gq', 'ml', 'cf', 'ga', 'tk', 'onion', 'local', 'lan', 'internal', 'corp', 'home', 'arpa', 'page', 'blog',
  'news', 'email', 'network', 'systems', 'services', 'solutions', 'support', 'digital', 'global', 'world',
  'today', 'company', 'agency', 'group', 'center', 'zone', 'host', 'hosting', 'server', 'security', 'cam', 'sbs',
];
const COUNTRY =
  'ac ad ae af ag al ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cd cf cg ch ci ck cl cm cn cr cu cv cw cx cy cz de dj dk dm dz ec ee eg er es et eu fi fj fk fm fo fr gb gd ge gf gg gh gi gl gm gn gp gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc mg mh mk mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pn pr pt pw qa re ro ru rw sa sb sc sd se sg si sk sl sm sn sr ss st su sv sx sy sz tc td tf tg th tj tl tm tn to tr tt tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw'.split(
    ' ',
  );

const TLDS = new Set([...GENERIC, ...COUNTRY]);

export function isKnownTld(tld: string): boolean {
  return TLDS.has(tld.toLowerCase());
}
