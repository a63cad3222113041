import { GatewayError } from '../errors.js';

/**
 * The text fields of a multipart/form-data body. The openai package (v6.2 and later) sends
 * POST /v1/videos as multipart even without a file. File parts (an input_reference image)
 * are refused with a clear error rather than dropped in silence.
 */
export function parseMultipartFields(body: Buffer, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) throw new GatewayError('invalid_request', 'The multipart body has no boundary.');
  const delimiter = Buffer.from(`--${marker}`);
  const fields: Record<string, string> = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) {
        if (/filename="/i.test(headers)) {
          throw new GatewayError('invalid_request', `File uploads (${name}) are not supported by this gateway yet; send an image URL instead.`, { param: name });
        }
        // The part ends with CRLF before the next delimiter.
        fields[name] = part.subarray(headerEnd + 4, part.length - 2).toString('utf8');
      }
    }
    start = next;
  }
  return fields;
}
