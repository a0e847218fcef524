import { NodeOperationError } from 'n8n-workflow';
import type { FunctionsBase, ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './endpoints';
import type { OviceTarget } from './urls';

/** Within one execution a node re-reads its credential at most this often. */
const CREDENTIAL_REUSE_MS = 5_000;
const credentialsByRun = new Map<string, { at: number; data: Promise<ICredentialDataDecryptedObject> }>();

/** The current execution's ID; none in the editor (list searches). */
export function executionIdOf(context: FunctionsBase): string | undefined {
	try {
		return context.getExecutionId() || undefined;
	} catch {
		return undefined;
	}
}

/**
 * One entry per execution, node and credential (n8n hands each item its own copy of the
 * node). Outside an execution (list searches in the editor) nothing is reused.
 */
function runKey(context: FunctionsBase, node: INode): string | undefined {
	const execution = executionIdOf(context);
	if (!execution) return undefined;
	return `${execution}|${node.name}|${node.credentials?.[CREDENTIAL_TYPE]?.id ?? ''}`;
}

/**
 * The node's ovice credential, read once for all the items of a run: n8n decrypts a
 * credential on every read, and the routing needs it before and around each request.
 */
export async function oviceCredentials(context: FunctionsBase): Promise<ICredentialDataDecryptedObject> {
	const node = context.getNode();
	const key = runKey(context, node);
	if (key === undefined) return await context.getCredentials(CREDENTIAL_TYPE);
	const now = Date.now();
	const cached = credentialsByRun.get(key);
	if (cached && now - cached.at < CREDENTIAL_REUSE_MS) return await cached.data;
	for (const [old, entry] of credentialsByRun) if (now - entry.at >= CREDENTIAL_REUSE_MS) credentialsByRun.delete(old);
	const data = context.getCredentials(CREDENTIAL_TYPE);
	credentialsByRun.set(key, { at: now, data });
	try {
		return await data;
	} catch (error) {
		credentialsByRun.delete(key);
		throw new NodeOperationError(node, error as Error);
	}
}

/** The credential's address fields (never its secret, which n8n adds to requests itself). */
export async function readTarget(context: FunctionsBase): Promise<OviceTarget> {
	const credentials = await oviceCredentials(context);
	return { baseUrl: credentials.baseUrl, organizationId: credentials.organizationId };
}


/** The two headers that carry an ovice API key, as ovice documents them. */
export function keyHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	return {
		client_id: String(credentials.clientId ?? ''),
		client_secret: String(credentials.clientSecret ?? ''),
	};
}

/** Which rate limit a request counts against: one per key and organization. */
export function rateKeyOf(credentials: ICredentialDataDecryptedObject): string {
	return `${String(credentials.baseUrl)}|${String(credentials.organizationId)}|${String(credentials.clientId)}`;
}
