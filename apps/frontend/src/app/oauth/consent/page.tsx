import type { Metadata } from 'next';
import { ConsentForm } from '@/components/ConsentForm';

export const metadata: Metadata = { title: 'Allow access · Todo' };

/** Where the authorization server asks the signed-in user whether an MCP client may act for them (docs/mcp.md). */
export default async function ConsentPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { client_id: clientId, scope } = await searchParams;
  const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
  return <ConsentForm clientId={typeof clientId === 'string' ? clientId : ''} scopes={scopes} />;
}
