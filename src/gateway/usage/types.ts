import type { ModelType } from '../../catalog/model-types.js';

/** One gateway request as the usage log records it. */
export interface UsageEntry {
  at: Date;
  apiKeyId: string | null;
  model: string;
  type: ModelType;
  provider: string;
  endpoint: string;
  /** The HTTP status the client got (200 for a stream that then failed: see `error`). */
  status: number;
  latencyMs: number;
  /** Time to the first byte relayed to the client (streams only). */
  ttftMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  error: string | null;
}

/** Where finished requests go; record() must never block or throw. */
export interface UsageSink {
  record(entry: UsageEntry): void;
}

export const discardUsage: UsageSink = { record: () => {} };
