import type { AuditActor } from '../../audit/queries.js';
import type { Admin } from '../../auth/schemas.js';

/** The audit actor of a request behind requireAdmin, which always sets request.admin. */
export const actorOf = (admin: Admin | undefined): AuditActor => ({ id: admin!.id, label: admin!.email });
