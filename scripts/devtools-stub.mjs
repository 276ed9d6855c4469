// Ink imports react-devtools-core statically but only uses it when DEV=true; the bundle never does.
export default { initialize() {}, connectToDevTools() {} };
