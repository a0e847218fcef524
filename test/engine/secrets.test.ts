/**
 * The client secret never leaves the request headers: not in output items, error messages,
 * error descriptions or anything else the run keeps.
 */
import { INACTIVE_KEY, SANDBOX_KEY } from '../../sandbox/data';
import type { CredentialsByType } from '../harness/engine';
import { byId, fromList, oviceNode, singleNodeWorkflow, useTestBed } from '../harness/fixtures';

const bed = useTestBed();

const secrets = [SANDBOX_KEY.clientSecret, INACTIVE_KEY.clientSecret, 'wrong-secret-123'];

/** Everything of a value that n8n shows or keeps: JSON (errors through their toJSON), plus error texts. */
function visibleText(value: unknown): string {
	const parts = [String(JSON.stringify(value) ?? '')];
	const walk = (inner: unknown, depth: number) => {
		if (!inner || typeof inner !== 'object' || depth > 6) return;
		if (inner instanceof Error) {
			const error = inner as Error & { description?: unknown };
			parts.push(error.message, String(error.stack), String(error.description ?? ''));
		}
		for (const child of Object.values(inner)) walk(child, depth + 1);
	};
	walk(value, 0);
	return parts.join('\n');
}

function expectNoSecret(value: unknown) {
	const text = visibleText(value);
	for (const secret of secrets) expect(text).not.toContain(secret);
}

const runs: Array<[string, Record<string, unknown>, () => CredentialsByType]> = [
	[
		'a successful list',
		{ resource: 'workspace', operation: 'getAll', returnAll: true },
		() => bed.credentials,
	],
	[
		'a successful notification',
		{ resource: 'organization', operation: 'sendNotification', message: 'hi' },
		() => bed.credentials,
	],
	[
		'a wrong secret',
		{ resource: 'group', operation: 'getAll', returnAll: true },
		() => bed.credential({ clientSecret: 'wrong-secret-123' }),
	],
	[
		'a deactivated key',
		{ resource: 'group', operation: 'getAll', returnAll: true },
		() =>
			bed.credential({ clientId: INACTIVE_KEY.clientId, clientSecret: INACTIVE_KEY.clientSecret }),
	],
	[
		'an unknown workspace',
		{ resource: 'workspace', operation: 'getUsers', workspaceId: byId(999), returnAll: true },
		() => bed.credentials,
	],
	[
		'a server error',
		{
			resource: 'workspace',
			operation: 'sendNotification',
			workspaceId: fromList(101),
			message: 'x',
		},
		() => bed.credentials,
	],
	[
		'an unreachable API',
		{ resource: 'group', operation: 'getAll', returnAll: true },
		() => bed.credential({ baseUrl: 'http://127.0.0.1:9' }),
	],
	[
		'bad input',
		{
			resource: 'workspace',
			operation: 'sendNotification',
			workspaceId: byId("={{ 'abc' }}"),
			message: 'x',
		},
		() => bed.credentials,
	],
];

describe('secret hygiene', () => {
	it.each(runs)('%s keeps the secret out of the run', async (name, parameters, credentials) => {
		if (name === 'a server error') await bed.client.addFault({ status: 500 });
		const stopped = await bed.engine.run(singleNodeWorkflow(parameters as never), {
			credentials: credentials(),
		});
		expectNoSecret(stopped.run);
		expectNoSecret(stopped.error);
		const continued = await bed.engine.run(
			singleNodeWorkflow(parameters as never, { onError: 'continueRegularOutput' }),
			{
				credentials: credentials(),
			},
		);
		expectNoSecret(continued.run);
	});

	it('keeps the secret out of list-search errors', async () => {
		const error = await bed.engine
			.listSearch(
				oviceNode({}),
				'getWorkspaces',
				bed.credential({ clientSecret: 'wrong-secret-123' }),
			)
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(Error);
		expectNoSecret(error);
	});
});
