import { META, defineFormat, events, isObject, reject, type FormatParser, type ParserContext } from '../format.ts';
import { mapRecord } from './aliases.ts';

/**
 * Any JSON object, read through the field alias table (and the user's `--map`). The lowest-priority JSON
 * format: it sniffs low so that every specific JSON format wins over it.
 */

const SNIFF_SCORE = 0.2;

function createParser(ctx: ParserContext): FormatParser {
  return {
    parse(record) {
      const value = record.value;
      if (!isObject(value)) return reject('not a JSON object');
      if (Object.keys(value).length === 0) return META;
      return events(mapRecord(value, { mapping: ctx.mapping, dataset: 'json' }));
    },
  };
}

export const genericJsonFormat = defineFormat({
  id: 'generic-json',
  title: 'Generic JSON',
  description: 'Any JSON object per record (JSON lines, an array, or concatenated objects), fields found by common aliases',
  framing: 'json',
  sniff(sample) {
    if (sample.values.length === 0) return 0;
    const objects = sample.values.filter(isObject).length;
    return (SNIFF_SCORE * objects) / sample.values.length;
  },
  createParser,
  logsources: [],
});
