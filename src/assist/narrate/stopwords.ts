/**
 * Words that follow "user", "account" or "host" in ordinary prose and are not names ("the user account
 * was…", "user agent", "host activity"). A bare word after such a keyword is claimed as a name only when it
 * is not one of these; a quoted one always is.
 */
const WORDS = `
a an the this that these those its it their his her our your my any all each every some other same both either neither
no not none nor only also then than so such
is are was were be been being has have had do does did can could may might will would should must shall
and or but of to in on at by for with from as into onto via per over under about after before during within without
which who whom whose what when where while
user users username usernames principal principals account accounts name names id ids agent agents activity activities session sessions login logins logon logons
attempt attempts failure failures lockout lockouts enumeration creation deletion management access rights privilege
privileges permission permissions credential credentials password passwords group groups data information list level
context behavior behaviour input space mode directory database details profile profiles home shell record records
identity identities object objects entry entries event events log logs interaction interactions role roles type types
targeted target targets named called unknown several multiple many few one two three different distinct single
logged attempted tried made succeeded failed authenticated created deleted disabled enabled locked changed added
removed used using appears appeared seems seemed involved affected compromised valid invalid existing nonexistent
local remote domain external internal privileged administrative service services system systems
host hosts server servers machine machines workstation workstations computer computers endpoint endpoints device devices
address addresses ip ips network traffic connection connections process processes command commands file files
`;

export const NAME_STOPWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w !== ''));
