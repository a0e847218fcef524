/**
 * Command-line options of the project's commands (`npm start`, `npm run bench`,
 * `npm run sandbox`): `--name value` and bare `--flag`, read one way. An option that
 * must be a number and is not stops the command with its name.
 */

/** `--name value`, or the fallback (an environment variable, say) when it is absent. */
export function option(name: string, fallback?: string, argv = process.argv): string | undefined {
	const index = argv.indexOf(`--${name}`);
	if (index === -1) return fallback;
	const value = argv[index + 1];
	if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
	return value;
}

/** `--name <number>`, or the fallback. */
export function numberOption(
	name: string,
	fallback: number | string | undefined,
	argv = process.argv,
): number {
	const value = option(name, fallback === undefined ? undefined : String(fallback), argv);
	const number = Number(value);
	if (value === undefined || value.trim() === '' || !Number.isFinite(number))
		throw new Error(`--${name} must be a number${value === undefined ? '' : `, got "${value}"`}`);
	return number;
}

/** A bare `--flag`. */
export function flag(name: string, argv = process.argv): boolean {
	return argv.includes(`--${name}`);
}
