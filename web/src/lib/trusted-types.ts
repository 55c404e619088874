interface PolicyRules {
  createHTML?: (input: string) => string | null;
  createScript?: (input: string) => string | null;
  createScriptURL?: (input: string) => string | null;
}

interface PolicyFactory {
  createPolicy(name: string, rules: PolicyRules): unknown;
}

/**
 * The page's Content-Security-Policy requires Trusted Types: a string written to an HTML sink (innerHTML,
 * outerHTML, insertAdjacentHTML…) goes through this default policy, which lets only the empty string pass
 * (clearing an element, as the chart library does) and refuses everything else, so no text of any origin can
 * become markup or script. Scripts and script URLs are always refused.
 */
export function installTrustedTypesPolicy(): void {
  const factory = (window as unknown as { trustedTypes?: PolicyFactory }).trustedTypes;
  if (factory === undefined) return;
  factory.createPolicy('default', {
    createHTML: (input) => (input === '' ? '' : null),
    createScript: () => null,
    createScriptURL: () => null,
  });
}
