import { Badge } from '@mantine/core';
import type { ModelType } from '../../../src/catalog/model-types.js';

/** IMAGE blue, VIDEO violet, CHAT green; the type is written in the badge, so colour is never the only signal. */
export const TYPE_COLORS: Record<ModelType, string> = { IMAGE: 'blue', VIDEO: 'violet', CHAT: 'green' };

export function TypeBadge({ type }: { type: ModelType }) {
  return (
    <Badge color={TYPE_COLORS[type]} variant="filled" radius="sm" data-type={type}>
      {type}
    </Badge>
  );
}
