export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';
const DEFAULT_PORT = '11434';

/**
 * The server URL from `OLLAMA_HOST`, read the way the Ollama client reads it: `host`, `host:port`,
 * `scheme://host[:port][/path]`, `[v6]:port`; a missing scheme is http, a missing port 11434 (80 or 443 when the
 * scheme is given). A listening address (`0.0.0.0`, `::`) means this machine. Undefined when unset or blank.
 */
export function ollamaHostUrl(value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return undefined;
  const schemeAt = text.indexOf('://');
  const scheme = schemeAt === -1 ? 'http' : text.slice(0, schemeAt).toLowerCase();
  const defaultPort = schemeAt === -1 ? DEFAULT_PORT : scheme === 'https' ? '443' : scheme === 'http' ? '80' : DEFAULT_PORT;
  const rest = schemeAt === -1 ? text : text.slice(schemeAt + 3);
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash).replace(/\/+$/, '');
  const { host, port } = splitHostPort(hostPort, defaultPort);
  return `${scheme}://${formatHost(localIfWildcard(host))}:${port}${path}`;
}

function splitHostPort(text: string, defaultPort: string): { host: string; port: string } {
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(text);
  if (bracketed !== null) return { host: bracketed[1] ?? '', port: validPort(bracketed[2], defaultPort) };
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const [host = '', port] = text.split(':');
    return { host, port: validPort(port, defaultPort) };
  }
  return { host: text, port: defaultPort };
}

function validPort(port: string | undefined, fallback: string): string {
  if (port === undefined || !/^\d{1,5}$/.test(port) || Number(port) > 65535) return fallback;
  return port;
}

function localIfWildcard(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '0:0:0:0:0:0:0:0') return '::1';
  return host;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
