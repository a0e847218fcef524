/**
 * What goes wrong: refused keys, unknown objects, ovice's own validation, and input the
 * node refuses before sending anything. Every error names the field or the ovice object.
 */
import { INACTIVE_KEY } from '../../sandbox/data';
import {
	byId,
	fromList,
	notifyWorkspaceParameters,
	senderOptions,
	singleNodeWorkflow,
	useTestBed,
} from '../harness/fixtures';

const bed = useTestBed();

const notifyWorkspace = notifyWorkspaceParameters;

async function runExpectingError(
	parameters: Record<string, unknown>,
	credentials = bed.credentials,
) {
	const result = await bed.engine.run(singleNodeWorkflow(parameters as never), { credentials });
	expect(result.error).toBeDefined();
	return result.error!;
}

describe('ovice refuses the request', () => {
	it('a wrong client secret gives a 401 error that says to check the key', async () => {
		const error = await runExpectingError(
			notifyWorkspace(),
			bed.credential({ clientSecret: 'wrong' }),
		);
		expect(error.message).toBe('ovice rejected the API key (HTTP 401)');
		expect(error.description).toContain('Client ID and Client Secret');
		expect(error.description).toContain('API management');
		expect(await bed.client.notifications()).toHaveLength(0);
	});

	it('a deactivated key gives a 403 error that says keys can be deactivated', async () => {
		const error = await runExpectingError(
			{ resource: 'group', operation: 'getAll', returnAll: true },
			bed.credential({ clientId: INACTIVE_KEY.clientId, clientSecret: INACTIVE_KEY.clientSecret }),
		);
		expect(error.message).toBe('ovice refused access with this API key (HTTP 403)');
		expect(error.description).toContain('deactivated');
	});

	it('an unknown workspace is named in the 404 error', async () => {
		const error = await runExpectingError(notifyWorkspace({ workspaceId: byId(999) }));
		expect(error.message).toBe('ovice found no workspace 999 (HTTP 404)');
		expect(error.description).toContain('Pick the workspace from the list');
	});

	it('an unknown group is named in the 404 error', async () => {
		const error = await runExpectingError({
			resource: 'group',
			operation: 'getMembers',
			groupId: byId(404),
			returnAll: true,
		});
		expect(error.message).toBe('ovice found no group 404 (HTTP 404)');
	});

	it('Get names a workspace the organization does not have', async () => {
		const error = await runExpectingError({
			resource: 'workspace',
			operation: 'get',
			workspaceId: byId(555),
		});
		expect(error.message).toBe('ovice has no workspace 555 in this organization');
	});

	it('an unknown organization says to check the Organization ID', async () => {
		const error = await runExpectingError(
			{ resource: 'group', operation: 'getAll', returnAll: true },
			bed.credential({ organizationId: '4242' }),
		);
		expect(error.message).toBe('ovice does not know organization 4242 (HTTP 404)');
		expect(error.description).toContain('Organization ID');
	});

	it("ovice's own validation text (422) is passed on", async () => {
		await bed.client.addFault({ status: 422, body: { message: 'message is too long' } });
		const error = await runExpectingError(notifyWorkspace());
		expect(error.message).toBe('ovice refused the request: message is too long (HTTP 422)');
	});
});

describe('bad input typed into the node: n8n refuses to start, nothing is sent', () => {
	const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
		['an empty message', notifyWorkspace({ message: '' }), 'message', /Message/],
		[
			'a non-numeric workspace ID',
			notifyWorkspace({ workspaceId: byId('abc') }),
			'workspaceId',
			/numeric ID/,
		],
		[
			'a non-numeric group ID',
			{ resource: 'group', operation: 'sendNotification', groupId: byId('12a'), message: 'x' },
			'groupId',
			/numeric ID/,
		],
		['an empty role list', notifyWorkspace({ roles: [] }), 'roles', /Roles/],
		[
			'a non-numeric ID for Get',
			{ resource: 'workspace', operation: 'get', workspaceId: byId('x1') },
			'workspaceId',
			/numeric ID/,
		],
		[
			'no workspace chosen',
			notifyWorkspace({ workspaceId: fromList('') }),
			'workspaceId',
			/Workspace/,
		],
	];

	it.each(cases)('%s', async (_name, parameters, parameter, expected) => {
		const result = await bed.engine.run(singleNodeWorkflow(parameters as never), {
			credentials: bed.credentials,
		});
		expect(result.error?.message).toMatch(/workflow has issues/);
		expect(result.issues?.[parameter]?.join(' ')).toMatch(expected);
		expect(await bed.client.requests()).toHaveLength(0);
	});
});

describe('bad input from an expression: the node refuses the item, nothing is sent', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['an empty message', notifyWorkspace({ message: "={{ '' }}" }), /^Message is empty/],
		['a whitespace-only message', notifyWorkspace({ message: '  \n\t ' }), /^Message is empty/],
		[
			'a non-numeric workspace ID',
			notifyWorkspace({ workspaceId: byId("={{ 'abc' }}") }),
			/^Workspace ID must be a positive whole number, got "abc"/,
		],
		[
			'a non-numeric group ID',
			{
				resource: 'group',
				operation: 'sendNotification',
				groupId: byId("={{ '12a' }}"),
				message: 'x',
			},
			/^Group ID must be a positive whole number, got "12a"/,
		],
		['an empty role list', notifyWorkspace({ roles: '={{ [] }}' }), /^Roles is empty/],
		[
			'a non-numeric ID for Get',
			{ resource: 'workspace', operation: 'get', workspaceId: byId("={{ 'x1' }}") },
			/^Workspace ID must be a positive whole number/,
		],
		[
			'a logo that is not a URL',
			notifyWorkspace(senderOptions({ serviceLogoUrl: 'logo.png' })),
			/^Sender Logo URL must be an http\(s\) address/,
		],
		[
			'an empty sender name',
			notifyWorkspace(senderOptions({ serviceName: ' ' })),
			/^Sender Name is empty/,
		],
	];

	it.each(cases)('%s', async (_name, parameters, expected) => {
		const error = await runExpectingError(parameters);
		expect(error.message).toMatch(expected);
		expect(error.description).toBeTruthy();
		expect(await bed.client.requests()).toHaveLength(0);
	});

	it('a credential without an organization ID is refused before sending', async () => {
		const error = await runExpectingError(
			notifyWorkspace(),
			bed.credential({ organizationId: '  ' }),
		);
		expect(error.message).toContain('no Organization ID');
		expect(await bed.client.requests()).toHaveLength(0);
	});
});

describe('On Error: Continue', () => {
	it('reports each failing item and still sends the good ones', async () => {
		const workflow = singleNodeWorkflow(
			notifyWorkspace({
				workspaceId: { __rl: true, mode: 'id', value: '={{ $json.workspace }}' },
				message: '={{ $json.text }}',
			}),
			{ onError: 'continueRegularOutput' },
		);
		const result = await bed.engine.run(workflow, {
			credentials: bed.credentials,
			input: [
				{ workspace: 101, text: 'first' },
				{ workspace: 101, text: '   ' },
				{ workspace: 999, text: 'third' },
				{ workspace: 102, text: 'fourth' },
			],
		});
		expect(result.error).toBeUndefined();
		const items = result.output('ovice').map((item) => item.json);
		expect(items[0]).toEqual({
			success: true,
			target: { type: 'workspace', id: 101, roles: ['admin', 'member'] },
			message: 'first',
		});
		expect(items[1].error).toMatch(/^Message is empty/);
		expect(items[2].error).toBe('ovice found no workspace 999 (HTTP 404)');
		expect(items[3]).toEqual({
			success: true,
			target: { type: 'workspace', id: 102, roles: ['admin', 'member'] },
			message: 'fourth',
		});
		const sent = (await bed.client.notifications()).map((n) => n.message).sort();
		expect(sent).toEqual(['first', 'fourth']);
	});
});
