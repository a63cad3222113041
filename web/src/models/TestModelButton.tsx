import { ActionIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Model } from '../../../src/catalog/schemas.js';
import { useTestModel } from '../api/gateway-queries.js';

/** "Test": the smallest real request for the model's type; the answer arrives as a notification. */
export function TestModelButton({ model }: { model: Model }) {
  const test = useTestModel();
  const run = () =>
    test.mutate(model.id, {
      onSuccess: (result) =>
        notifications.show(
          result.ok
            ? { color: 'green', title: `${model.displayName} answered`, message: `In ${Math.round(result.latencyMs)} ms.` }
            : { color: 'red', title: `${model.displayName} failed the test`, message: result.error ?? 'No details.', autoClose: false },
        ),
      onError: (error) => notifications.show({ color: 'red', title: `Could not test ${model.displayName}`, message: error.message }),
    });
  return (
    <ActionIcon variant="subtle" color="teal" aria-label={`Test ${model.displayName}`} title="Test" onClick={run} loading={test.isPending}>
      <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M7 4l12 8-12 8V4z" />
      </svg>
    </ActionIcon>
  );
}
