// A project's name comes from its folder; it becomes the package.json name, so it must be a valid
// npm package name.

const validName = /^[a-z0-9][a-z0-9._-]*$/;

export function isValidProjectName(name: string): boolean {
  return validName.test(name) && name.length <= 214;
}

/** "My App!" → "my-app". Empty results fall back to "neosl-app". */
export function projectNameFromFolder(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-_.]+$/g, '');
  return name.length > 0 ? name.slice(0, 214) : 'neosl-app';
}
