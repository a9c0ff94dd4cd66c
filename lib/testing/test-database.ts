/** What a test project's global setup tells its test files about the database they share. */
export type TestDatabase = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: TestDatabase;
  }
}
