// asl-validator ships no types: the little the tests use, typed here.
declare module 'asl-validator' {
  export default function aslValidator(definition: unknown): { isValid: boolean; errors: unknown[]; errorsText: (separator?: string) => string };
}
