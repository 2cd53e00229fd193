import { createHash, timingSafeEqual } from "node:crypto";

/** A static account of the dev identity provider (spec 07, "Dev mode"). */
export interface DevUser {
  /** The `sub` claim and oidc-provider account id. */
  readonly subject: string;
  readonly email: string;
  readonly name: string;
  readonly groups: readonly string[];
}

export const DEV_USERS: readonly DevUser[] = [
  { subject: "alice", email: "alice@example.com", name: "Alice", groups: ["sre"] },
  { subject: "bob", email: "bob@example.com", name: "Bob", groups: ["sre", "sre-leads"] },
  { subject: "charlie", email: "charlie@example.com", name: "Charlie", groups: ["jitsudo-admins"] },
];

/** Every dev user's password. Dev mode only: it is printed in the docs. */
export const DEV_PASSWORD = "password";

/** The accounts one dev IdP knows: the static users, or others a test brings. */
export class DevDirectory {
  constructor(readonly users: readonly DevUser[] = DEV_USERS) {}

  byEmail(email: string): DevUser | undefined {
    const wanted = email.toLowerCase();
    return this.users.find((user) => user.email === wanted);
  }

  bySubject(subject: string): DevUser | undefined {
    return this.users.find((user) => user.subject === subject);
  }

  /** The user with this email and password, or undefined. */
  authenticate(email: string, password: string): DevUser | undefined {
    const user = this.byEmail(email);
    return user && samePassword(password, DEV_PASSWORD) ? user : undefined;
  }
}

/** The claims the dev IdP releases for a user; the scopes that carry them are in provider.ts. */
export function devUserClaims(user: DevUser) {
  return {
    sub: user.subject,
    email: user.email,
    email_verified: true,
    name: user.name,
    groups: [...user.groups],
  };
}

function samePassword(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
