import { parseCidr } from '../match/ip.ts';
import { asLiteral, eachValue, invalid, isFailure, mustBeFirst, type Modifier } from './types.ts';

/** `cidr`: the field is an IP address inside the network (IPv4 or IPv6, `10.0.0.0/8`, `fe80::/10`). */
export const cidr: Modifier = {
  apply(values, ctx) {
    const order = mustBeFirst('cidr', ctx);
    if (order !== undefined) return order;
    return eachValue(values, (value) => {
      const literal = asLiteral(value, 'cidr');
      if (isFailure(literal)) return literal;
      const text = literal.text.trim();
      return parseCidr(text) === undefined ? invalid(`cidr: ${JSON.stringify(text)} is not an IPv4 or IPv6 network`) : { kind: 'cidr', text };
    });
  },
};
