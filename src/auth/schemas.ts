import { z } from 'zod';

/** Sign-in schemas, shared with the admin panel like the catalog's. */
export const loginBody = z.strictObject({
  email: z.string().trim().toLowerCase().min(3).max(254).email('must be an email address'),
  password: z.string().min(1, 'must not be empty').max(1024),
});
export type LoginInput = z.infer<typeof loginBody>;

export const adminSchema = z.object({ id: z.uuid(), email: z.string() });
export type Admin = z.infer<typeof adminSchema>;

export const sessionResponse = z.object({ admin: adminSchema });
