/**
 * A readable name from an API path: "anthropic/claude-3-haiku:free" -> "Claude 3 Haiku (free)".
 * The vendor prefix is dropped (the provider column says where a model runs), and a ":variant"
 * suffix becomes a parenthesis, as OpenRouter writes its own names.
 */
const UPPERCASE_WORDS = new Set(['gpt', 'ai', 'xl', 'hd', 'sd', 'sdxl', 'llm', 'vl', 'tts', 'api', 'dall', 'r1', 'v1', 'v2', 'v3']);

export function displayNameFromApiPath(apiPath: string): string {
  const lastSegment = apiPath.split('/').filter(Boolean).at(-1) ?? apiPath;
  const [base = lastSegment, ...variants] = lastSegment.split(':');
  const words = base
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => (UPPERCASE_WORDS.has(word.toLowerCase()) ? word.toUpperCase() : /^[a-z]/.test(word) ? word[0]!.toUpperCase() + word.slice(1) : word));
  const name = words.join(' ') || apiPath;
  const variant = variants.filter(Boolean).join(':');
  return (variant ? `${name} (${variant})` : name).slice(0, 200);
}
