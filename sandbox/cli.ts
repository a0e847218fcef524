/** `npm run sandbox`: the local ovice API stand-in, on OVICE_SANDBOX_PORT (default 4010). */
import { INACTIVE_KEY, SANDBOX_KEY, SANDBOX_ORGANIZATION_ID } from './data';
import { startSandbox } from './server';

/** `--port N` (or `--port=N`), else OVICE_SANDBOX_PORT, else 4010. */
function portOption(): number {
	const args = process.argv.slice(2);
	const at = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
	const given = at < 0 ? process.env.OVICE_SANDBOX_PORT : (args[at].split('=')[1] ?? args[at + 1]);
	const port = Number(given ?? 4010);
	if (!Number.isInteger(port) || port < 0)
		throw new Error(`--port must be a number, got "${given}"`);
	return port;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({
		port: portOption(),
		log: true,
	});
	console.log(`ovice sandbox listening on ${sandbox.url}`);
	console.log('Use these in an "Ovice API" credential:');
	console.log(`  Client ID:        ${SANDBOX_KEY.clientId}`);
	console.log(`  Client Secret:    ${SANDBOX_KEY.clientSecret}`);
	console.log(`  Organization ID:  ${SANDBOX_ORGANIZATION_ID}`);
	console.log(`  Base URL:         ${sandbox.url}`);
	console.log(`(The key "${INACTIVE_KEY.clientId}" is seeded as deactivated.)`);
	const stop = () => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
