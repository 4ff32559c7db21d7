// Nothing, on purpose: the cold-start timing process imports it first (cold-start.ts), so that Node's
// module loader has started up and read a file before the bundle's import is timed.
export {};
