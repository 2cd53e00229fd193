/** The authenticated caller of an API route, as derived from a verified ID token (spec 02, 03). */
export interface Caller {
  /** The token's `email` claim: the principal's identity. */
  readonly identity: string;
  /** The token's subject claim. */
  readonly subject: string;
  /** Group names from the configured groups claim; `[]` when the token has none. */
  readonly groups: readonly string[];
  /** Member of `auth.admin_group` or listed in `auth.admin_emails`. */
  readonly admin: boolean;
  /** Member of `auth.auditor_group`. */
  readonly auditor: boolean;
}

/** The actor recorded for work done by background jobs. */
export const SYSTEM_ACTOR = "system";
