import { Alert, Button, Code, Group, Modal, Select, Stack, Switch, Text, TextInput, Textarea, type ComboboxItem } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { MODEL_TYPES, PROVIDERS, type ModelType, type Provider } from '../../../src/catalog/model-types.js';
import type { CatalogMeta, CreateModelInput, Model, UpdateModelInput } from '../../../src/catalog/schemas.js';
import { ApiError, schemaBehindDetails } from '../api/client.js';
import { useCatalogMeta, useCreateModel, useRefreshSchemaState, useUpdateModel } from '../api/queries.js';
import { APPLY_COMMAND } from '../layout/SchemaBanner.js';

interface FormValues {
  type: string | null;
  provider: string | null;
  apiPath: string;
  name: string;
  displayName: string;
  description: string;
  enabled: boolean;
}

const FIELDS = ['type', 'provider', 'apiPath', 'name', 'displayName', 'description', 'enabled'] as const;

const valuesOf = (model: Model | undefined): FormValues => ({
  type: model?.type ?? null,
  provider: model?.provider ?? null,
  apiPath: model?.apiPath ?? '',
  name: model?.name ?? '',
  displayName: model?.displayName ?? '',
  description: model?.description ?? '',
  enabled: model?.enabled ?? true,
});

/** The create and edit form: one dialog, so both behave (and fail) the same way. */
export function ModelFormModal({ model, opened, onClose }: { model?: Model; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={model ? `Edit ${model.displayName}` : 'Create model'} size="lg" fullScreen={false}>
      {/* Mounted only while open, so each opening starts from fresh values. */}
      {opened && <ModelForm model={model} onDone={onClose} />}
    </Modal>
  );
}

function ModelForm({ model, onDone }: { model?: Model; onDone: () => void }) {
  const meta = useCatalogMeta();
  const create = useCreateModel();
  const update = useUpdateModel();
  const refreshSchemaState = useRefreshSchemaState();
  const [schemaBehind, setSchemaBehind] = useState<ApiError | null>(null);
  const isEditing = model !== undefined;
  const initial = valuesOf(model);
  const form = useForm<FormValues>({ initialValues: initial });
  const values = form.getValues();

  const typeOptions = typeChoices(meta.data, model?.type);
  const unavailableTypes = typeOptions.filter((option) => option.disabled);
  const providerOptions = providerChoices(values.type);

  const submit = form.onSubmit(async (current) => {
    setSchemaBehind(null);
    const errors = await validate(current, isEditing);
    if (Object.keys(errors).length > 0) {
      form.setErrors(errors);
      return;
    }
    try {
      if (isEditing) {
        const changes = changedFields(initial, current);
        if (Object.keys(changes).length === 0) return onDone();
        const saved = await update.mutateAsync({ id: model.id, changes });
        notifications.show({ color: 'green', title: 'Model saved', message: saved.displayName });
      } else {
        const saved = await create.mutateAsync(createInput(current));
        notifications.show({ color: 'green', title: 'Model created', message: saved.displayName });
      }
      onDone();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'schema_behind') {
        setSchemaBehind(error);
        form.setFieldError('type', 'The database does not accept this type yet (see above).');
        void refreshSchemaState();
        return;
      }
      const fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors()).filter(([field]) => (FIELDS as readonly string[]).includes(field)));
      if (Object.keys(fieldErrors).length > 0) {
        form.setErrors(fieldErrors);
        return;
      }
      notifications.show({
        color: 'red',
        title: isEditing ? 'Could not save the model' : 'Could not create the model',
        message: error.requestId ? `${error.message} (request id ${error.requestId})` : error.message,
        autoClose: false,
      });
    }
  });

  const isSaving = create.isPending || update.isPending;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {schemaBehind && <SchemaBehindAlert error={schemaBehind} />}
        <Select
          label="Type"
          required
          data={typeOptions}
          allowDeselect={false}
          placeholder="Choose the kind of model"
          description={unavailableTypes.length > 0 ? unavailableTypes.map((option) => `${option.value} is unavailable: ${option.reason}`).join(' ') : undefined}
          renderOption={({ option }) => <TypeOption option={option as TypeChoice} />}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('type')}
        />
        <Select
          label="Provider"
          required
          data={providerOptions}
          allowDeselect={false}
          placeholder="Who serves the model"
          {...form.getInputProps('provider')}
        />
        <TextInput
          label="API Path"
          required
          placeholder="anthropic/claude-3-haiku:free"
          description="The model's identifier at the provider."
          autoComplete="off"
          spellCheck={false}
          {...form.getInputProps('apiPath')}
        />
        <TextInput
          label="Name"
          required={isEditing}
          placeholder={values.apiPath.trim() || 'Defaults to the API path'}
          description={isEditing ? 'The unique name clients ask the gateway for.' : 'The unique name clients ask the gateway for. Leave empty to use the API path.'}
          autoComplete="off"
          spellCheck={false}
          {...form.getInputProps('name')}
        />
        <TextInput label="Display name" placeholder={isEditing ? undefined : 'Derived from the API path'} {...form.getInputProps('displayName')} />
        <Textarea label="Description" autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
        <Switch label="Enabled" description="Disabled models stay in the catalog but the gateway refuses them." {...form.getInputProps('enabled', { type: 'checkbox' })} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onDone} disabled={isSaving}>
            Cancel
          </Button>
          <Button type="submit" loading={isSaving}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type TypeChoice = ComboboxItem & { reason?: string };

/** The type choices: the ones the live schema does not accept yet are disabled, with the reason. */
function typeChoices(meta: CatalogMeta | undefined, currentType: ModelType | undefined): TypeChoice[] {
  return MODEL_TYPES.map((entry) => {
    const info = meta?.types.find((item) => item.type === entry.type);
    // The model being edited keeps its own type selectable: it is already stored.
    const isAccepted = info?.accepted !== false || entry.type === currentType;
    return {
      value: entry.type,
      label: entry.type,
      disabled: !isAccepted,
      reason: isAccepted ? undefined : (info?.reason ?? `migration ${entry.introducedBy} has not been applied; run ${APPLY_COMMAND}.`),
    };
  });
}

function TypeOption({ option }: { option: TypeChoice }) {
  return (
    <Stack gap={0}>
      <Text size="sm">{option.label}</Text>
      {option.reason && (
        <Text size="xs" c="dimmed">
          Unavailable: {option.reason}
        </Text>
      )}
    </Stack>
  );
}

/** Providers that cannot serve the chosen type are shown but not selectable. */
function providerChoices(type: string | null): ComboboxItem[] {
  return PROVIDERS.map((entry) => ({
    value: entry.provider,
    label: entry.provider,
    disabled: type !== null && !(entry.types as readonly string[]).includes(type),
  }));
}

/** The same schema the server validates with, plus friendlier words for the required choices. */
async function validate(values: FormValues, isEditing: boolean): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (!values.type) errors.type = 'Choose a type';
  if (!values.provider) errors.provider = 'Choose a provider';
  if (!values.apiPath.trim()) errors.apiPath = 'Enter the API path';
  if (isEditing && !values.name.trim()) errors.name = 'Enter a name';
  // zod loads with the first save rather than with the page, to keep the first load small.
  const { createModelBody } = await import('../../../src/catalog/schemas.js');
  const parsed = createModelBody.safeParse(createInput(values));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field && !(field in errors)) errors[field] = issue.message;
    }
  }
  return errors;
}

function createInput(values: FormValues): CreateModelInput {
  const input: CreateModelInput = {
    type: values.type as ModelType,
    provider: values.provider as Provider,
    apiPath: values.apiPath.trim(),
    enabled: values.enabled,
  };
  if (values.name.trim()) input.name = values.name.trim();
  if (values.displayName.trim()) input.displayName = values.displayName.trim();
  if (values.description.trim()) input.description = values.description;
  return input;
}

function changedFields(initial: FormValues, current: FormValues): UpdateModelInput {
  const changes: UpdateModelInput = {};
  if (current.type !== initial.type) changes.type = current.type as ModelType;
  if (current.provider !== initial.provider) changes.provider = current.provider as Provider;
  if (current.apiPath.trim() !== initial.apiPath) changes.apiPath = current.apiPath.trim();
  if (current.name.trim() !== initial.name) changes.name = current.name.trim();
  if (current.displayName.trim() !== initial.displayName && current.displayName.trim()) changes.displayName = current.displayName.trim();
  if (current.description !== initial.description) changes.description = current.description;
  if (current.enabled !== initial.enabled) changes.enabled = current.enabled;
  return changes;
}

/**
 * schema_behind, in an admin's words: the database refused a type this version offers. The
 * server's message says whether the migration is pending or the schema drifted; this adds what
 * it means for the form and the command that fixes it.
 */
function SchemaBehindAlert({ error }: { error: ApiError }) {
  const details = schemaBehindDetails(error);
  return (
    <Alert color="orange" title={`The database does not accept ${details.type ?? 'this type of'} models yet`} role="alert">
      <Stack gap={4}>
        <Text size="sm">{error.message}</Text>
        <Text size="sm">
          Nothing was saved.{' '}
          {details.migration ? (
            <>
              The migration <Code>{details.migration}</Code> adds {details.type ?? 'this type'}; whoever runs the server applies migrations with{' '}
            </>
          ) : (
            <>Whoever runs the server applies migrations with </>
          )}
          <Code>{details.command ?? APPLY_COMMAND}</Code>. Then save again.
        </Text>
      </Stack>
    </Alert>
  );
}
