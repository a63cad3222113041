/** POST /v1/images/generations: the request fields the gateway reads, and OpenAI's answer. */
export interface ImageRequest {
  prompt: string;
  n?: number;
  size?: string;
  response_format?: 'url' | 'b64_json';
  [field: string]: unknown;
}

export interface ImagesResponse {
  created: number;
  data: { url?: string; b64_json?: string; revised_prompt?: string }[];
  usage?: unknown;
  [field: string]: unknown;
}

/** Splits a data URL into the base64 payload OpenAI's `b64_json` carries. */
export function base64FromDataUrl(url: string): string | undefined {
  const match = /^data:[^;,]+;base64,(.*)$/s.exec(url);
  return match?.[1];
}
