/** Input a command cannot work with (a bad option, a missing file, a malformed CSV); its message is the one line to show. */
export class CommandInputError extends Error {
  override name = 'CommandInputError';
}
