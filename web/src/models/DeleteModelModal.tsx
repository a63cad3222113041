import { Code } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Model } from '../../../src/catalog/schemas.js';
import { ApiError } from '../api/client.js';
import { useDeleteModel } from '../api/queries.js';
import { ConfirmModal } from '../layout/ConfirmModal.js';

/** Deleting asks first, naming the model and what stops working. */
export function DeleteModelModal({ model, onClose }: { model: Model | null; onClose: () => void }) {
  const remove = useDeleteModel();

  const confirm = () => {
    if (!model) return;
    remove.mutate(model.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Model deleted', message: model.displayName });
        onClose();
      },
      onError: (error) => {
        const requestId = error instanceof ApiError && error.requestId ? ` (request id ${error.requestId})` : '';
        notifications.show({ color: 'red', title: 'Could not delete the model', message: `${error.message}${requestId}`, autoClose: false });
      },
    });
  };

  return (
    <ConfirmModal opened={model !== null} title="Delete model?" confirmLabel="Delete model" isPending={remove.isPending} onConfirm={confirm} onClose={onClose}>
      {model && (
        <>
          <b>{model.displayName}</b> (<Code>{model.name}</Code>) will be removed from the catalog, and requests for it through the gateway will
          fail. The audit log keeps a record of it.
        </>
      )}
    </ConfirmModal>
  );
}
