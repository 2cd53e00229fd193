import type { PolicyType } from "./types.js";
import { PACKAGE_BY_TYPE } from "./types.js";

const COMMENT = /#[^\n]*/g;
const PACKAGE_LINE = /^\s*package\s+([^\s;]+)/m;

/**
 * The package a module declares, normalised to dotted form (`jitsudo["approval"]` →
 * `jitsudo.approval`), or undefined when there is none (the compiler reports that itself).
 */
export function declaredPackage(source: string): string | undefined {
  const match = PACKAGE_LINE.exec(source.replace(COMMENT, ""));
  if (!match) return undefined;
  return match[1].replace(/\[\s*"([^"]*)"\s*\]/g, ".$1");
}

/** Why a module's package does not fit its type, or undefined when it does. */
export function packageMismatch(type: PolicyType, source: string): string | undefined {
  const want = PACKAGE_BY_TYPE[type];
  const got = declaredPackage(source);
  if (got === want) return undefined;
  return `a policy of type ${type} must declare "package ${want}", but it declares ${
    got === undefined ? "no package" : `"package ${got}"`
  }`;
}
