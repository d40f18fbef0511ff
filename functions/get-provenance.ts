import { publicBaseUrl, tableName } from '#edge/config';
import { CERTIFICATE_CSP, certificateNotFoundPage, certificatePage } from '#pages/certificate-page';
import { CertificateStore, certificateUrl } from '#adapters/certificate-store';
import { CertificateId } from '#domain/certificates';
import { httpHandler, type HttpResult } from '#edge/http';
import { documentClient } from '#adapters/dynamo';

const certificates = new CertificateStore(documentClient(), tableName());

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  // Its own inline stylesheet only (by hash); no Referer carrying the unguessable URL.
  'content-security-policy': CERTIFICATE_CSP,
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
};

/**
 * GET /provenance/{certificateId} — the public certificate page. Unknown or malformed ids get
 * an HTML 404 page (this route is for people with browsers); only a failure of ours is JSON.
 */
export const handler = httpHandler({ auth: 'public' }, async ({ event }): Promise<HttpResult> => {
  const id = CertificateId.safeParse(event.pathParameters?.certificateId);
  const certificate = id.success ? await certificates.get(id.data) : undefined;
  if (!certificate) {
    return { statusCode: 404, headers: { ...HTML_HEADERS, 'cache-control': 'no-store' }, body: certificateNotFoundPage() };
  }
  const url = certificateUrl(publicBaseUrl(), certificate.certificateId);
  return { statusCode: 200, headers: { ...HTML_HEADERS, 'cache-control': 'private, max-age=300' }, body: certificatePage(certificate, url) };
});
