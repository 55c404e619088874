/**
 * One event layout: `[event id, version, names, older]`. `names` is the template's EventData (or UserData) names in
 * order, comma-separated, each optionally marked `:x` (rendered in hexadecimal) or `:g` (a GUID, rendered in braces);
 * `older` lists earlier versions whose layout is the first `count` of these names, as `[version, count]`.
 */
export type TemplateRow = readonly [id: number, version: number, names: string, older?: readonly (readonly [version: number, count: number])[]];
