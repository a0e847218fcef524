/**
 * Every operation of the ovice node, run as a workflow through n8n's engine against the
 * sandbox: the exact request on the wire, and the items that come out.
 */
import { ENDPOINTS } from '../../nodes/shared/endpoints';
import { DEFAULT_SERVICE_LOGO_URL } from '../../nodes/shared/descriptions';
import { SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from '../../sandbox/data';
import { byId, fromList, singleNodeWorkflow, useTestBed } from '../harness/fixtures';
import { SECRET_WITHHELD } from '../../sandbox/server';

const bed = useTestBed();
const apiPath = (path: string) => `/api/public/v1/${SANDBOX_ORGANIZATION_ID}${path}`;

/** The roles a workspace notification goes to when none are chosen (CHANGELOG: admin and member). */
const DEFAULT_ROLES = ['admin', 'member'];

/** The sender's fields where the node keeps them: under Options. */
const sender = (fields: { serviceName: string; serviceLogoUrl: string }) => ({ options: fields });

async function runOperation(parameters: Record<string, unknown>, typeVersion: number) {
	const result = await bed.engine.run(singleNodeWorkflow(parameters as never, { typeVersion }), {
		credentials: bed.credentials,
	});
	expect(result.error).toBeUndefined();
	const requests = await bed.client.requests();
	expect(requests).toHaveLength(1);
	const [request] = requests;
	expect(request.headers.client_id).toBe(SANDBOX_KEY.clientId);
	expect(request.headers.client_secret).toBe(SECRET_WITHHELD);
	expect(request.secretMatched).toBe(true);
	expect(request.status).toBe(200);
	return { items: result.output('ovice').map((item) => item.json), request };
}

describe('the ovice node', () => {
	const typeVersion = 1;
	describe('workspace', () => {
		it('Get Many lists the workspaces with their browser URLs', async () => {
			const { items, request } = await runOperation(
				{
					resource: 'workspace',
					operation: 'getAll',
					returnAll: true,
				},
				typeVersion,
			);
			expect(request.method).toBe('GET');
			expect(request.path).toBe(apiPath(ENDPOINTS.listWorkspaces.path));
			expect(request.query).toEqual({});
			expect(request.body).toBeUndefined();
			expect(items).toEqual([
				{
					id: 101,
					name: 'Tokyo HQ',
					domain: 'tokyo-hq',
					spaceUrl: `${bed.sandbox.url}/ws/tokyo-hq/`,
				},
				{
					id: 102,
					name: 'Osaka Studio',
					domain: 'osaka-studio',
					spaceUrl: `${bed.sandbox.url}/ws/osaka-studio/`,
				},
				{
					id: 103,
					name: 'Remote Lounge',
					domain: 'remote-lounge',
					spaceUrl: `${bed.sandbox.url}/ws/remote-lounge/`,
				},
			]);
		});

		it('Get Many stops at the limit', async () => {
			const { items } = await runOperation(
				{
					resource: 'workspace',
					operation: 'getAll',
					returnAll: false,
					limit: 2,
				},
				typeVersion,
			);
			expect(items.map((item) => item.id)).toEqual([101, 102]);
		});

		it('Get returns the one workspace whose ID matches', async () => {
			const { items, request } = await runOperation(
				{
					resource: 'workspace',
					operation: 'get',
					workspaceId: fromList(102),
				},
				typeVersion,
			);
			expect(request.path).toBe(apiPath(ENDPOINTS.listWorkspaces.path));
			expect(items).toEqual([
				{
					id: 102,
					name: 'Osaka Studio',
					domain: 'osaka-studio',
					spaceUrl: `${bed.sandbox.url}/ws/osaka-studio/`,
				},
			]);
		});

		it('Get Users sends workspace_id as a query parameter and returns users with status', async () => {
			const { items, request } = await runOperation(
				{
					resource: 'workspace',
					operation: 'getUsers',
					workspaceId: byId('101'),
					returnAll: true,
				},
				typeVersion,
			);
			expect(request.method).toBe('GET');
			expect(request.path).toBe(apiPath(ENDPOINTS.listWorkspaceUsers.path));
			expect(request.query).toEqual({ workspace_id: '101' });
			expect(items).toHaveLength(6);
			expect(items[0]).toEqual({
				id: 1001,
				name: 'Aiko Tanaka',
				email: 'aiko.tanaka@example.com',
				status: 'online',
			});
		});

		it('Get Users can keep only the users who are online', async () => {
			const { items } = await runOperation(
				{
					resource: 'workspace',
					operation: 'getUsers',
					workspaceId: fromList(101),
					onlineOnly: true,
					returnAll: true,
				},
				typeVersion,
			);
			expect(items.map((item) => item.name)).toEqual(['Aiko Tanaka', 'Ben Carter', 'Emi Sato']);
		});

		it('Send Notification posts workspace_id as a number, the roles as auth, and the sender', async () => {
			const { items, request } = await runOperation(
				{
					resource: 'workspace',
					operation: 'sendNotification',
					workspaceId: fromList('101'),
					roles: ['admin', 'member'],
					message: 'Stand-up in 5 minutes',
					...sender({
						serviceName: 'Build bot',
						serviceLogoUrl: 'https://example.com/bot.png',
					}),
				},
				typeVersion,
			);
			expect(request.method).toBe('POST');
			expect(request.path).toBe(apiPath(ENDPOINTS.notifyWorkspace.path));
			expect(request.headers['content-type']).toMatch(/^application\/json/);
			expect(request.body).toEqual({
				workspace_id: 101,
				auth: ['admin', 'member'],
				message: 'Stand-up in 5 minutes',
				service_name: 'Build bot',
				service_logo_url: 'https://example.com/bot.png',
			});
			expect(items).toEqual([
				{
					success: true,
					target: { type: 'workspace', id: 101, roles: ['admin', 'member'] },
					message: 'Stand-up in 5 minutes',
				},
			]);
			const [notification] = await bed.client.notifications();
			expect(notification.recipients).toEqual([1001, 1002, 1003, 1004]);
		});

		it("Send Notification defaults to the version's roles and to n8n as the sender", async () => {
			const { request } = await runOperation(
				{
					resource: 'workspace',
					operation: 'sendNotification',
					workspaceId: byId(102),
					message: 'Hello',
				},
				typeVersion,
			);
			expect(request.body).toEqual({
				workspace_id: 102,
				auth: DEFAULT_ROLES,
				message: 'Hello',
				service_name: 'n8n',
				service_logo_url: DEFAULT_SERVICE_LOGO_URL,
			});
		});
	});

	describe('organization', () => {
		it('Send Notification posts the message and sender to the organization', async () => {
			const { items, request } = await runOperation(
				{
					resource: 'organization',
					operation: 'sendNotification',
					message: 'Office closes at 18:00',
				},
				typeVersion,
			);
			expect(request.method).toBe('POST');
			expect(request.path).toBe(apiPath(ENDPOINTS.notifyOrganization.path));
			expect(request.body).toEqual({
				message: 'Office closes at 18:00',
				service_name: 'n8n',
				service_logo_url: DEFAULT_SERVICE_LOGO_URL,
			});
			expect(items).toEqual([
				{ success: true, target: { type: 'organization' }, message: 'Office closes at 18:00' },
			]);
			const [notification] = await bed.client.notifications();
			expect(notification.target).toEqual({ kind: 'organization' });
			expect(notification.recipients).toHaveLength(8);
		});
	});

	describe('group', () => {
		it('Get Many lists the groups', async () => {
			const { items, request } = await runOperation(
				{
					resource: 'group',
					operation: 'getAll',
					returnAll: true,
				},
				typeVersion,
			);
			expect(request.path).toBe(apiPath(ENDPOINTS.listGroups.path));
			expect(items).toEqual([
				{ id: 201, name: 'Engineering' },
				{ id: 202, name: 'Sales' },
				{ id: 203, name: 'Design' },
			]);
		});

		it('Get Members sends group_id as a query parameter', async () => {
			const { items, request } = await runOperation(
				{
					resource: 'group',
					operation: 'getMembers',
					groupId: fromList(201),
					returnAll: false,
					limit: 2,
				},
				typeVersion,
			);
			expect(request.path).toBe(apiPath(ENDPOINTS.listGroupMembers.path));
			expect(request.query).toEqual({ group_id: '201' });
			expect(items).toEqual([
				{ id: 1001, name: 'Aiko Tanaka', email: 'aiko.tanaka@example.com' },
				{ id: 1002, name: 'Ben Carter', email: 'ben.carter@example.com' },
			]);
		});

		it('Send Notification posts group_id as a number', async () => {
			const { items, request } = await runOperation(
				{
					resource: 'group',
					operation: 'sendNotification',
					groupId: byId(' 202 '),
					message: 'Pipeline review at 3pm',
				},
				typeVersion,
			);
			expect(request.path).toBe(apiPath(ENDPOINTS.notifyGroup.path));
			expect(request.body).toEqual({
				group_id: 202,
				message: 'Pipeline review at 3pm',
				service_name: 'n8n',
				service_logo_url: DEFAULT_SERVICE_LOGO_URL,
			});
			expect(items).toEqual([
				{ success: true, target: { type: 'group', id: 202 }, message: 'Pipeline review at 3pm' },
			]);
		});
	});
});

describe('many items', () => {
	it('sends one notification per input item, with expressions resolved per item', async () => {
		const workflow = singleNodeWorkflow({
			resource: 'group',
			operation: 'sendNotification',
			groupId: { __rl: true, mode: 'id', value: '={{ $json.group }}' },
			message: '={{ "Hello " + $json.name }}',
		});
		const result = await bed.engine.run(workflow, {
			credentials: bed.credentials,
			input: [
				{ group: 201, name: 'Engineering' },
				{ group: 202, name: 'Sales' },
				{ group: 203, name: 'Design' },
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.output('ovice')).toHaveLength(3);
		const sent = (await bed.client.notifications()).map((n) => [n.target.id, n.message]);
		expect(sent.sort()).toEqual([
			[201, 'Hello Engineering'],
			[202, 'Hello Sales'],
			[203, 'Hello Design'],
		]);
	});
});

describe('an operation the node does not have', () => {
	it.each([
		['workspace', 'constructor'],
		['group', 'deleteEverything'],
	])('resource %s, operation %s: refused by name, nothing sent', async (resource, operation) => {
		const result = await bed.engine.run(singleNodeWorkflow({ resource, operation }), {
			credentials: bed.credentials,
		});
		expect(result.error?.message).toBe(
			`The ovice node has no operation "${operation}" for the resource "${resource}"`,
		);
		expect(await bed.client.requests()).toHaveLength(0);
	});

	it('a resource named like a built-in key ("toString"): n8n refuses it, nothing sent', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow({ resource: 'toString', operation: 'getAll' }),
			{ credentials: bed.credentials },
		);
		// n8n finds no Operation parameter shown for it and stops before the node's code.
		expect(result.error?.message).toBe('Could not get parameter');
		expect(await bed.client.requests()).toHaveLength(0);
	});
});
