/**
 * A host at the Base URL that writes the client secret back, in every encoding the README
 * lists: none of them reaches an item, an error message or an error description. Every
 * encoded form below is written out by hand for this secret, not computed by the package.
 */
import { useCatcher } from '../harness/catcher';
import { singleNodeWorkflow, useTestBed } from '../harness/fixtures';

const bed = useTestBed();

const SECRET = 's3cr3t/K3y+With=Symbols_0123456789~>?';

const ENCODED: Array<[form: string, text: string]> = [
	['as it is', SECRET],
	['base64, starting a 3-byte group', 'czNjcjN0L0szeStXaXRoPVN5bWJvbHNfMDEyMzQ1Njc4OX4+Pw=='],
	[
		'base64, one byte into a group ("a" + secret)',
		'YXMzY3IzdC9LM3krV2l0aD1TeW1ib2xzXzAxMjM0NTY3ODl+Pj8=',
	],
	[
		'base64, two bytes into a group ("ab" + secret)',
		'YWJzM2NyM3QvSzN5K1dpdGg9U3ltYm9sc18wMTIzNDU2Nzg5fj4/',
	],
	[
		'base64 of a JSON dump of the headers',
		'eyJjbGllbnRfaWQiOiJ0ZXN0LWNsaWVudCIsImNsaWVudF9zZWNyZXQiOiJzM2NyM3QvSzN5K1dpdGg9U3ltYm9sc18wMTIzNDU2Nzg5fj4/In0=',
	],
	['base64url', 'czNjcjN0L0szeStXaXRoPVN5bWJvbHNfMDEyMzQ1Njc4OX4-Pw'],
	['base64url, one byte into a group', 'eHMzY3IzdC9LM3krV2l0aD1TeW1ib2xzXzAxMjM0NTY3ODl-Pj8'],
	['base64url, two bytes into a group', 'eHlzM2NyM3QvSzN5K1dpdGg9U3ltYm9sc18wMTIzNDU2Nzg5fj4_'],
	['hex', '7333637233742f4b33792b576974683d53796d626f6c735f303132333435363738397e3e3f'],
	['HEX', '7333637233742F4B33792B576974683D53796D626F6C735F303132333435363738397E3E3F'],
	['URL-encoded', 's3cr3t%2FK3y%2BWith%3DSymbols_0123456789~%3E%3F'],
	['URL-encoded twice', 's3cr3t%252FK3y%252BWith%253DSymbols_0123456789~%253E%253F'],
	['JSON-escaped', 's3cr3t\\/K3y\\u002BWith\\u003DSymbols_0123456789~\\u003E?'],
	['HTML-escaped', 's3cr3t&#47;K3y&plus;With&#x3D;Symbols_0123456789~&gt;&quest;'],
];

/** The middle of an encoded form: a redaction that cut only its ends still fails here. */
const middle = (text: string) =>
	text.slice(Math.floor(text.length / 3), -Math.floor(text.length / 3));

function expectNone(where: string, text: string) {
	for (const [form, encoded] of ENCODED) {
		expect({
			where,
			form,
			found: text.includes(encoded) || text.includes(middle(encoded)),
		}).toEqual({ where, form, found: false });
	}
}

/** The form an error request asks for: its workspace_id or group_id is its 1-based position. */
const formOf = (request: { url: string; body: string }) => {
	const id =
		/workspace_id=(\d+)/.exec(request.url)?.[1] ??
		String((JSON.parse(request.body || '{}') as { group_id?: number }).group_id ?? 1);
	return ENCODED[Number(id) - 1];
};
const host = useCatcher((request) => {
	if (request.url.endsWith('/groups'))
		return {
			status: 200,
			contentType: 'application/json',
			body: JSON.stringify(
				ENCODED.map(([form, text], id) => ({ id: id + 1, name: `${form} ${text}` })),
			),
		};
	const [form, text] = formOf(request);
	return request.url.includes('/groups/notification')
		? { status: 400, contentType: 'text/plain', body: `bad request (${form}): ${text}` }
		: { status: 401, contentType: 'text/plain', body: `who are you (${form})? ${text}` };
});
const credentials = () => bed.credential({ baseUrl: host.url, clientSecret: SECRET });
const position = (form: string) => String(ENCODED.findIndex(([each]) => each === form) + 1);

describe('every encoding the README lists is taken out', () => {
	it('of items: a list whose names carry the secret in each form', async () => {
		const result = await bed.engine.run(
			singleNodeWorkflow({ resource: 'group', operation: 'getAll', returnAll: true }),
			{ credentials: credentials() },
		);
		const items = result.output('ovice');
		expect(items).toHaveLength(ENCODED.length);
		expectNone('items', JSON.stringify(items));
	});

	it.each(ENCODED.map(([form]) => [form]))(
		"of an error's message: a 400 that quotes the secret %s",
		async (form) => {
			const result = await bed.engine.run(
				singleNodeWorkflow({
					resource: 'group',
					operation: 'sendNotification',
					groupId: { __rl: true, mode: 'id', value: position(form) },
					message: 'hello',
				}),
				{ credentials: credentials() },
			);
			expect(result.error?.message).toMatch(/^ovice refused the request: bad request/);
			expectNone('message', result.error?.message ?? '');
			expectNone('run', JSON.stringify(result.run));
		},
	);

	it.each(ENCODED.map(([form]) => [form]))(
		"of an error's description: a 401 that quotes the secret %s",
		async (form) => {
			const result = await bed.engine.run(
				singleNodeWorkflow({
					resource: 'workspace',
					operation: 'getUsers',
					workspaceId: { __rl: true, mode: 'id', value: position(form) },
					returnAll: true,
				}),
				{ credentials: credentials() },
			);
			expect(result.error?.message).toBe('ovice rejected the API key (HTTP 401)');
			expect(result.error?.description).toContain(`ovice said: "who are you (${form})?`);
			expectNone('description', result.error?.description ?? '');
			expectNone('run', JSON.stringify(result.run));
		},
	);
});
