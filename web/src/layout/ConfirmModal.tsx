import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The question before a destructive action: what will happen, Cancel (focused first, so Enter
 * never destroys by accident) and the red button that does it.
 */
export function ConfirmModal(props: {
  opened: boolean;
  title: string;
  confirmLabel: string;
  isPending: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      {props.opened && (
        <Stack>
          <Text size="sm">{props.children}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose} data-autofocus disabled={props.isPending}>
              Cancel
            </Button>
            <Button color="red" onClick={props.onConfirm} loading={props.isPending}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
