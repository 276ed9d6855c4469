// Imported first by the keyboard tests: Ink colours only when the terminal can show colour, and a
// test's stdout is no terminal; the highlighted row is told apart by its inverse video alone.
process.env.FORCE_COLOR = '1';
