// A failed load or action, said in one line.

export function ErrorNote({ message }: { message: string | undefined }) {
  return message === undefined ? null : (
    <p class="error-note" role="alert">
      {message}
    </p>
  );
}
