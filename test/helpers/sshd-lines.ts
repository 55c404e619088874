/** sshd lines `from`..`to` (~100 bytes each), one distinct event each (their line numbers, hence their ids, are theirs alone). */
export function sshdLines(from: number, to: number): string {
  const line = (i: number) => `Mar  3 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} bastion-01 sshd[${i}]: Failed password for root from 203.0.113.${(i % 200) + 1} port ${40000 + i} ssh2\n`;
  return Array.from({ length: to - from }, (_, i) => line(from + i)).join('');
}
