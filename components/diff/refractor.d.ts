// refractor 3 ships no types; react-diff-view's tokenizer only needs these.
declare module "refractor/core" {
  interface Refractor {
    register(syntax: unknown): void;
    registered(language: string): boolean;
    highlight(value: string, language: string): unknown[];
  }
  const refractor: Refractor;
  export default refractor;
}

declare module "refractor/lang/*" {
  const syntax: unknown;
  export default syntax;
}
