/** The credential's "Test" button, run through n8n's routing engine against the sandbox. */
import { OviceApi } from '../../credentials/OviceApi.credentials';
import { SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { inactiveKey, useTestBed } from '../harness/fixtures';
import { SECRET_WITHHELD } from '../../sandbox/server';

const bed = useTestBed();

describe('ovice API credential test', () => {
	it('passes with a good key, calling the workspaces list with both headers', async () => {
		const result = await bed.engine.testCredential('oviceApi', bed.credentials.oviceApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = await bed.client.requests();
		expect(request.path).toBe(`/api/public/v1/${SANDBOX_ORGANIZATION_ID}/organizations/workspaces`);
		expect(request.headers.client_id).toBe(bed.credentials.oviceApi.clientId);
		expect(request.headers.client_secret).toBe(SECRET_WITHHELD);
		expect(request.secretMatched).toBe(true);
	});

	it('tolerates a trailing slash on the base URL', async () => {
		const result = await bed.engine.testCredential(
			'oviceApi',
			bed.credential({ baseUrl: `${bed.sandbox.url}//` }).oviceApi,
		);
		expect(result.status).toBe('OK');
		const [request] = await bed.client.requests();
		expect(request.path).toBe(`/api/public/v1/${SANDBOX_ORGANIZATION_ID}/organizations/workspaces`);
	});

	it('fails with advice on where the key comes from when the secret is wrong', async () => {
		const result = await bed.engine.testCredential(
			'oviceApi',
			bed.credential({ clientSecret: 'not-the-secret' }).oviceApi,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('ovice rejected the API key');
		expect(result.message).toContain('Organization settings → API management → Console');
	});

	it('fails saying the key may be deactivated when ovice refuses an inactive key', async () => {
		const result = await bed.engine.testCredential(
			'oviceApi',
			bed.credential(inactiveKey).oviceApi,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('deactivated');
		expect(result.message).toContain('set it active again');
	});

	it('fails when a key that worked is deactivated in ovice', async () => {
		await bed.client.setKeyActive(bed.credentials.oviceApi.clientId as string, false);
		const result = await bed.engine.testCredential('oviceApi', bed.credentials.oviceApi);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('deactivated');
	});

	it('fails naming the Organization ID when the organization is unknown', async () => {
		const result = await bed.engine.testCredential(
			'oviceApi',
			bed.credential({ organizationId: '999999' }).oviceApi,
		);
		expect(result).toEqual({
			status: 'Error',
			message: 'ovice does not know this organization. Check the Organization ID and the Base URL.',
		});
	});

	it('explains a Base URL without https:// before sending anything', async () => {
		const result = await bed.engine.testCredential(
			'oviceApi',
			bed.credential({ baseUrl: 'api.ovice.com' }).oviceApi,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(
			'The ovice credential\'s Base URL "api.ovice.com" is not a full address. It must start with https://',
		);
		expect(await bed.client.requests()).toHaveLength(0);
	});

	it('explains a Base URL that already contains the API path', async () => {
		const baseUrl = `${bed.sandbox.url}/api/public/v1`;
		const result = await bed.engine.testCredential(
			'oviceApi',
			bed.credential({ baseUrl }).oviceApi,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`already contains the API path /api/public/v1`);
		expect(result.message).toContain('Enter only the host');
		expect(await bed.client.requests()).toHaveLength(0);
	});

	it('explains, under the Base URL, the bare codes n8n answers for a host it cannot reach', () => {
		// n8n's tester answers such a host with the socket code alone (the end-to-end suite
		// pins it), so the field itself says what the codes mean and what to check.
		const baseUrl = new OviceApi().properties.find((property) => property.name === 'baseUrl');
		expect(baseUrl?.hint).toBe(
			'If the Test answers with a code such as ECONNREFUSED, ENOTFOUND or ETIMEDOUT, n8n could not reach this host: check the address and the network.',
		);
	});
});
