// CONTRACT READY
export type { Rational } from "./bigfloat.js";
export { RegoObject, RegoSet } from "./collections.js";
export { compareStrings, compareValues, hashValue, typeName, valuesEqual } from "./compare.js";
export { formatValue, fromJSON, goQuote, jsonQuote, toJSON, toJSONText } from "./json.js";
export { RegoNumber } from "./number.js";
export type { TypeName, Value } from "./types.js";
