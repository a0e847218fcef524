import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/** Characters that pass through a URL's query unchanged. */
const URL_SAFE = /^[A-Za-z0-9\-_.~]+$/;
const MIN_LENGTH = 16;

/** Why a token cannot protect the webhook, or undefined when it can. */
export function tokenProblem(token: unknown): string | undefined {
	if (typeof token !== 'string' || !token) return 'The token is empty.';
	if (token.length < MIN_LENGTH)
		return `The token has ${token.length} character${token.length === 1 ? '' : 's'}; use at least ${MIN_LENGTH}.`;
	if (!URL_SAFE.test(token))
		return 'The token has characters that change in a URL; use only letters, digits, "-", "_", "." and "~".';
	return undefined;
}

/** The credential's Test button: the token's form, as nothing in ovice can be asked. */
export async function testWebhookToken(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = tokenProblem(credential.data?.token);
	return problem
		? { status: 'Error', message: problem }
		: { status: 'OK', message: 'The token can be used in the webhook URL.' };
}

/** Compares without stopping at the first difference, so timing does not reveal the token. */
export function sameToken(given: string, expected: string): boolean {
	let difference = given.length ^ expected.length;
	for (let index = 0; index < expected.length; index++) {
		difference |= (given.charCodeAt(index) || 0) ^ expected.charCodeAt(index);
	}
	return difference === 0;
}
