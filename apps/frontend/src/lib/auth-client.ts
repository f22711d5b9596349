'use client';

import { createAuthClient } from 'better-auth/react';

/** Better Auth on this origin: `/api/auth/*` is forwarded to the backend. */
export const authClient = createAuthClient();
