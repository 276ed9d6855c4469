// The `blotter` executable. React picks its build from NODE_ENV when it first loads, and static
// imports are hoisted, so the mode is settled here before anything else is imported.
process.env.NODE_ENV ??= 'production';

const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
