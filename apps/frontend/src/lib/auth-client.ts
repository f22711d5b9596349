'use client';

import { oauthProviderClient } from '@better-auth/oauth-provider/client';
import { createAuthClient } from 'better-auth/react';

/**
 * Better Auth on this origin: `/api/auth/*` is forwarded to the backend. On a page the authorization server sent the
 * browser to (its signed query in the URL), the OAuth client plugin hands that query on with sign-in and consent.
 */
export const authClient = createAuthClient({ plugins: [oauthProviderClient()] });
