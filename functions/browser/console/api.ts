/** The API client: the signed-in designer's token on every call, failures as ApiFailure. */
import type { MakingRecord, MetalChoice, Money, OpenStage, Piece, SourcingRecord, Stage } from '#domain/schemas';
import type { FieldError } from '../form-errors.ts';

export const TOKEN_KEY = 'console.idToken';

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields?: FieldError[]) {
    super(message);
  }
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const token = localStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, {
    ...init,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.headers as Record<string, string> | undefined),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; fields?: FieldError[] } };
  if (response.status === 401) {
    localStorage.removeItem(TOKEN_KEY);
    throw new ApiFailure(401, 'unauthorized', 'Your session has ended. Please sign in again.');
  }
  if (!response.ok) {
    throw new ApiFailure(response.status, body.error?.code ?? 'error', body.error?.message ?? `The studio's server answered ${response.status}.`, body.error?.fields);
  }
  return body as T;
}

/** A commission as GET /commissions/{id} returns it (edge/api-views.ts). */
export interface Commission {
  id: string;
  stage: Stage;
  revision: number;
  /** `party`: the studio, or the customer (a design proposal awaits their answer). */
  awaiting: { stage: OpenStage; party: 'studio' | 'customer'; since: string } | null;
  /** Absent once erased. */
  customer?: { name: string; email: string; phone?: string };
  /** The customer's own words go with an erasure. */
  piece: Omit<Piece, 'description'> & { description?: string };
  metal: MetalChoice;
  design?: { summary: string; price: Money; depositPercent?: number };
  /** The latest design proposal and what became of it. */
  proposal?: { revision: number; summary: string; price: Money; depositPercent: number; attachments: string[]; proposedAt: string; status: string };
  sourcing?: SourcingRecord;
  making?: MakingRecord;
  delivery?: { method: string; carrier?: string; trackingNumber?: string };
  history: { at: string; stage: Stage; event: string; actor: string; note?: string; details?: Record<string, unknown> }[];
  /** The customer's status link generation: renewing it voids every link sent before. */
  statusLinkVersion: number;
  /** The commission's files, oldest first (absent from responses made before attachments existed). */
  attachments?: AttachmentView[];
  /** Who erased the customer's personal data, when and why. */
  erasure?: { at: string; by: string; reason: string };
  createdAt: string;
}

/** A file as GET /commissions/{id} lists it. */
export interface AttachmentView {
  id: string;
  stage: OpenStage;
  kind: 'sketch' | 'render' | 'photo' | 'document' | 'inspiration';
  fileName: string;
  contentType: string;
  bytes: number;
  status: 'pending' | 'ready' | 'rejected';
  visibleToCustomer: boolean;
}

/** An origin as GET /origins lists it (the domain's view type: erased at build, no schema in the bundle). */
export type { OriginView } from '#domain/origins';
