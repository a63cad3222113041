/** The job states of OpenAI's Video object; every provider's states map onto these. */
export type VideoStatus = 'queued' | 'in_progress' | 'completed' | 'failed';

export interface VideoRequest {
  prompt: string;
  /** OpenAI sends seconds as a string ("4", "8", "12"). */
  seconds?: string;
  size?: string;
}

/** What a provider says about a job, already mapped to OpenAI's states. */
export interface UpstreamVideo {
  id: string;
  status: VideoStatus;
  progress: number;
  error: { code: string; message: string } | null;
  /** Where the finished video is: a provider path needing the key, or a public URL. */
  contentUrl?: string;
}
