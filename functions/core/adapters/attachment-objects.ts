/**
 * The attachments bucket: upload grants (presigned POSTs whose policy pins the key, the content
 * type and the exact size), short-lived download links (presigned GETs), and what the upload
 * check and erasure do to objects. The bucket is private: nothing is ever served from it directly.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { DOWNLOAD_LINK_SECONDS, objectPrefixOf, UPLOAD_GRANT_SECONDS } from '#domain/attachments';
import type { Attachment } from '#domain/customer-schemas';

/** What the browser sends: a multipart form POST to `url` with `fields`, then the file as `file`. */
export interface UploadGrant {
  url: string;
  fields: Record<string, string>;
}

export class AttachmentObjects {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** A presigned POST for exactly this object: its key, its content type and its declared size. */
  async grantUpload(attachment: Pick<Attachment, 'objectKey' | 'contentType' | 'bytes'>): Promise<UploadGrant> {
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: attachment.objectKey,
      Fields: { 'Content-Type': attachment.contentType },
      Conditions: [
        ['eq', '$key', attachment.objectKey],
        ['eq', '$Content-Type', attachment.contentType],
        ['content-length-range', attachment.bytes, attachment.bytes],
      ],
      Expires: UPLOAD_GRANT_SECONDS,
    });
    return { url, fields };
  }

  /** A presigned GET valid for a few minutes, served with the declared type and an inline disposition. */
  downloadLink(attachment: Pick<Attachment, 'objectKey' | 'contentType'>): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: attachment.objectKey,
        ResponseContentType: attachment.contentType,
        // Never the customer's file name in a URL: the id is enough.
        ResponseContentDisposition: 'inline',
      }),
      { expiresIn: DOWNLOAD_LINK_SECONDS },
    );
  }

  /** The object's size and first bytes (a range read), or undefined if it is not there. */
  async leadingBytes(key: string, count: number): Promise<{ bytes: number; head: Uint8Array } | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const bytes = head.ContentLength ?? 0;
      if (bytes === 0) return { bytes, head: new Uint8Array() };
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${count - 1}` }));
      const body = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
      return { bytes, head: body.subarray(0, count) };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey || (error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Deletes every object of a commission (erasure); how many there were. */
  async deleteCommission(commissionId: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: objectPrefixOf(commissionId), ...(token && { ContinuationToken: token }) }),
      );
      // One by one: a commission holds at most a few dozen objects (the 20 files, and strays).
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        await this.delete(object.Key);
        deleted += 1;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }
}

/**
 * The client: the SDK's standard AWS_ENDPOINT_URL_S3 points it at the local emulator, which is
 * reached by path (`<endpoint>/<bucket>/<key>`) rather than by a bucket host name.
 */
export function attachmentObjects(bucket: string): AttachmentObjects {
  const local = Boolean(process.env.AWS_ENDPOINT_URL_S3);
  return new AttachmentObjects(new S3Client({ forcePathStyle: local }), bucket);
}
