import type { JWTPayload } from "jose";
import { AppError } from "../errors.js";
import type { Caller } from "./principal.js";

/** Which token claims and group names grant which role (spec 03, "Who may see and do what"). */
export interface RoleRules {
  /** Claim holding the caller's group names (`auth.groups_claim`). */
  readonly groupsClaim: string;
  /** Members of this group are admins (`auth.admin_group`). */
  readonly adminGroup: string;
  /** These identities are admins whatever their groups (`auth.admin_emails`); compared case-insensitively. */
  readonly adminEmails: readonly string[];
  /** Members of this group are auditors (`auth.auditor_group`). */
  readonly auditorGroup: string;
}

/** The longest identity the API stores (spec 02: identity 320 = 64-octet local part + "@" + 255-octet domain). */
const MAX_EMAIL_LENGTH = 320;
// The audit hash chain joins fields with "|" (spec 05), so an identity must never contain one;
// control characters have no place in an address and would garble logs and tables.
const FORBIDDEN_EMAIL_CHARACTERS = /[|\p{Cc}]/u;

const rejected = (detail: string) => new AppError("unauthenticated", detail);

/** Turns the claims of a verified ID token into the caller it identifies, or rejects the token. */
export class CallerMapper {
  readonly #rules: RoleRules;
  readonly #adminEmails: ReadonlySet<string>;

  constructor(rules: RoleRules) {
    this.#rules = rules;
    this.#adminEmails = new Set(rules.adminEmails.map((email) => email.toLowerCase()));
  }

  callerFrom(claims: JWTPayload): Caller {
    const identity = identityFrom(claims);
    const groups = groupsFrom(claims[this.#rules.groupsClaim]);
    return {
      identity,
      subject: subjectFrom(claims),
      groups,
      admin: groups.includes(this.#rules.adminGroup) || this.#adminEmails.has(identity.toLowerCase()),
      auditor: groups.includes(this.#rules.auditorGroup),
    };
  }
}

function identityFrom(claims: JWTPayload): string {
  const { email, email_verified: emailVerified } = claims;
  if (email === undefined) throw rejected("token has no email claim");
  if (typeof email !== "string") throw rejected("token email claim is not a string");
  if (emailVerified !== undefined && emailVerified !== true) throw rejected("token email is not verified");
  if (email === "") throw rejected("token email claim is empty");
  if (email.length > MAX_EMAIL_LENGTH) {
    throw rejected(`token email is longer than ${MAX_EMAIL_LENGTH} characters`);
  }
  if (FORBIDDEN_EMAIL_CHARACTERS.test(email)) {
    throw rejected('token email contains "|" or a control character');
  }
  return email;
}

function subjectFrom(claims: JWTPayload): string {
  if (typeof claims.sub !== "string" || claims.sub === "") throw rejected("token has no subject (sub) claim");
  return claims.sub;
}

/** Group names, or none when the claim is absent or anything other than an array of strings. */
function groupsFrom(claim: unknown): readonly string[] {
  if (!Array.isArray(claim) || !claim.every((group) => typeof group === "string")) return [];
  return Object.freeze([...claim]);
}
