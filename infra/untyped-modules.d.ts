// mjml ships no types: the little infra/email-build.ts uses, typed here.
declare module 'mjml' {
  export default function mjml2html(
    mjml: string,
    options?: { validationLevel?: 'strict' | 'soft' | 'skip'; minify?: boolean },
  ): Promise<{ html: string; errors: { formattedMessage: string }[] }>;
}
