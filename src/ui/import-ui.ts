// Loads an Ink dashboard module with React's production build. React picks its build from
// NODE_ENV when first loaded, and the development build (the default when NODE_ENV is unset) costs
// several times the CPU per frame, taken from the emulator that shares the process. NODE_ENV is set
// only while the module loads: function instances started later must not see it changed.
export async function importUi<T>(load: () => Promise<T>): Promise<T> {
  const previous = process.env.NODE_ENV;
  if (previous === undefined) process.env.NODE_ENV = 'production';
  try {
    return await load();
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
  }
}
