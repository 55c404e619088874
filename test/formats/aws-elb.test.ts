import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatById } from '../../src/ingest/formats/index.ts';

/** ELB lines are told by their fields, not by an ISO time and a word count that other logs share. */

function outcomeOf(text: string): string {
  const format = formatById('aws-elb');
  assert.ok(format !== undefined);
  return format.createParser({ fileName: 'elb.log' }).parse({ text, line: 1, offset: 0 }).kind;
}

test('a line that starts with an ISO time and has fifteen words is not a Classic ELB line', () => {
  const cri = '2022-01-28T16:04:05.413656027Z stdout F 172.18.0.1 - - [28/Jan/2022:16:04:05 +0000] "GET / HTTP/1.1" 200 13 "-" "curl/7.68.0" 80 0.000 [default-helloworld-5678] [] 10.244.0.9:5678 13 0.000 200 c99400a4db42e32187a3cbda00920e41';
  assert.equal(outcomeOf(cri), 'error');
  const app = '2024-05-02T08:00:02.000000Z worker 198.51.100.9:3456 started job a b c d e f g h i j k';
  assert.equal(outcomeOf(app), 'error', 'processing times that are not numbers');
});

test('Classic and Application Load Balancer lines, with a client address and port, are read', () => {
  assert.equal(outcomeOf('2024-05-02T08:00:02.000000Z classic-elb 198.51.100.9:3456 10.0.2.20:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.5.0" - -'), 'events');
  assert.equal(outcomeOf('h2 2024-05-02T08:00:01.000000Z app/web-alb/50dc6c495c0c9188 2001:db8::7:40000 - -1 -1 -1 400 - 0 250 "- - - " "-" - - - "-" "-" "-" - 2024-05-02T08:00:01.000000Z "-" "-" "-" "-" "-" "-" "-"'), 'events');
});
