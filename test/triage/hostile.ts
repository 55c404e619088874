import type { Incident } from '../../src/schema/incident.ts';
import { triage } from '../../src/triage/index.ts';
import { at, makeAlert } from '../helpers/alerts.ts';

/** Attacker-controlled values of every kind, in every field a log or a rule file can reach. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  pipe: 'x|y\n| z |\r\n|',
  link: '[click](javascript:alert(1))',
  image: '![img](http://evil.example/x.png)',
  formula: "=cmd|' /C calc'!A0",
  bold: '**bold** _it_ `code`',
  heading: '# heading',
  autolink: 'www.evil.example http://evil.example',
  escape: '\u001b[31mred\u202egnp.exe',
  entity: '&lt;img src=x&gt;',
  quote: '"quoted", with comma\r\nand newline',
};

export const HOSTILE_VALUES = Object.values(HOSTILE);

/** Two incidents carrying every hostile value in titles, rule ids, entities and tags. */
export function hostileIncidents(): Incident[] {
  return triage([
    makeAlert({
      rule: `rule|${HOSTILE.pipe}`,
      title: `${HOSTILE.formula} ${HOSTILE.script}`,
      level: 'high',
      tags: ['attack.t1110.001', 'attack.t9999', 'attack.<b>x</b>'],
      ip: ['-2+3', '203.0.113.5'],
      user: [HOSTILE.script, HOSTILE.pipe, HOSTILE.link, HOSTILE.formula, HOSTILE.bold, HOSTILE.escape],
      host: [HOSTILE.image, HOSTILE.heading, HOSTILE.autolink, HOSTILE.entity],
      dst: [HOSTILE.quote],
      at: at(0),
    }),
    makeAlert({ rule: 'r2', title: `${HOSTILE.heading} ${HOSTILE.quote}`, level: 'medium', tags: ['attack.t1059.001'], ip: ['-2+3', '203.0.113.5'], at: at(1) }),
    makeAlert({ rule: HOSTILE.link, title: `@SUM(1+1) ${HOSTILE.image}`, level: 'low', tags: ['attack.t1046'], ip: ['+1-1'], host: [HOSTILE.bold], at: at(600) }),
  ]);
}
