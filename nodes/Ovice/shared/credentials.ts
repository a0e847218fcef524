import { NodeOperationError } from 'n8n-workflow';
import type { FunctionsBase, ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from './endpoints';
import type { OviceTarget } from './urls';

/** How long one node's credential is reused: long enough for one run of many items. */
const CREDENTIAL_REUSE_MS = 5_000;
const credentialsByNode = new WeakMap<INode, { at: number; data: Promise<ICredentialDataDecryptedObject> }>();

/**
 * The node's ovice credential, read once for all the items of a run: n8n decrypts a
 * credential on every read, and the routing needs it before and around each request.
 */
export async function oviceCredentials(context: FunctionsBase): Promise<ICredentialDataDecryptedObject> {
	const node = context.getNode();
	const cached = credentialsByNode.get(node);
	if (cached && Date.now() - cached.at < CREDENTIAL_REUSE_MS) return await cached.data;
	const data = context.getCredentials(CREDENTIAL_TYPE);
	credentialsByNode.set(node, { at: Date.now(), data });
	try {
		return await data;
	} catch (error) {
		credentialsByNode.delete(node);
		throw new NodeOperationError(node, error as Error);
	}
}

/** The credential's address fields (never its secret, which n8n adds to requests itself). */
export async function readTarget(context: FunctionsBase): Promise<OviceTarget> {
	const credentials = await oviceCredentials(context);
	return { baseUrl: credentials.baseUrl, organizationId: credentials.organizationId };
}

