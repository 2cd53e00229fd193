// drizzle-kit configuration: `npx drizzle-kit generate` writes SQL migrations for schema changes.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema.ts",
  out: "./drizzle",
});
